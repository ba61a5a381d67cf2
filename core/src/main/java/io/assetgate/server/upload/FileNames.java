package io.assetgate.server.upload;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * Cleans user-supplied filenames. A filename is metadata only: it is never used as a path,
 * but it is shown back in listings and in {@code Content-Disposition}, so it MUST be free of
 * control characters, path separators and bidirectional overrides.
 */
final class FileNames {

    /** The longest filename accepted, in UTF-8 bytes. */
    public static final int MAX_BYTES = 255;

    private FileNames() {
    }

    /**
     * Returns the cleaned name, or throws {@link IllegalArgumentException} saying why the
     * name cannot be accepted.
     */
    public static String sanitize(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("is required");
        }
        String name = Normalizer.normalize(raw, Normalizer.Form.NFC);
        if (name.codePoints().anyMatch(FileNames::isBidiControl)) {
            throw new IllegalArgumentException("must not contain bidirectional control characters");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException("must be at most " + MAX_BYTES + " bytes");
        }
        StringBuilder clean = new StringBuilder(name.length());
        name.codePoints()
                .filter(c -> !Character.isISOControl(c) && c != '/' && c != '\\' && Character.getType(c) != Character.FORMAT)
                .forEach(clean::appendCodePoint);
        String result = clean.toString().strip();
        while (result.startsWith(".")) {
            result = result.substring(1);
        }
        if (result.isBlank()) {
            throw new IllegalArgumentException("has no usable characters");
        }
        return result;
    }

    private static boolean isBidiControl(int c) {
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F
                || c == 0x061C;
    }

    /** An ASCII-only fallback of {@code name} for the plain {@code filename=} parameter. */
    public static String asciiFallback(String name) {
        StringBuilder out = new StringBuilder();
        for (char c : name.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != ';' ? c : '_');
        }
        return out.toString();
    }
}
