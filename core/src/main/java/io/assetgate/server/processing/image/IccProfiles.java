package io.assetgate.server.processing.image;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The ICC profile embedded in a JPEG, read from its APP2 {@code ICC_PROFILE} segments (a profile
 * larger than a segment is split over several, numbered) without decoding any pixel. Phones tag
 * photos Display P3 this way; the native decoding path converts the variants to sRGB with it.
 */
public final class IccProfiles {

    /** No profile we would trust is larger: a broken or hostile file may claim more. */
    private static final int MAX_PROFILE = 4 << 20;
    private static final byte[] ICC_MARKER = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);

    private IccProfiles() {
    }

    /** The JPEG's embedded profile, or null when it has none or its segments do not add up. */
    public static byte[] fromJpeg(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            return fromJpeg(in);
        } catch (EOFException truncated) {
            return null;
        }
    }

    private static byte[] fromJpeg(DataInputStream in) throws IOException {
        if (in.readUnsignedShort() != 0xFFD8) {
            return null;
        }
        byte[][] chunks = null;
        long total = 0;
        while (true) {
            int marker = in.readUnsignedShort();
            while ((marker & 0xFF00) == 0xFF00 && (marker & 0xFF) == 0xFF) {
                marker = 0xFF00 | in.readUnsignedByte(); // fill bytes before a marker
            }
            if ((marker & 0xFF00) != 0xFF00 || marker == 0xFFDA || marker == 0xFFD9) {
                break; // start of scan (or end): no metadata segment comes after
            }
            if (marker >= 0xFFD0 && marker <= 0xFFD7 || marker == 0xFF01) {
                continue; // markers without a length
            }
            int length = in.readUnsignedShort() - 2;
            if (length < 0) {
                return null;
            }
            if (marker != 0xFFE2 || length < ICC_MARKER.length + 2) {
                skip(in, length);
                continue;
            }
            byte[] segment = in.readNBytes(length);
            if (segment.length < length) {
                return null;
            }
            if (!Arrays.equals(segment, 0, ICC_MARKER.length, ICC_MARKER, 0, ICC_MARKER.length)) {
                continue;
            }
            int sequence = segment[ICC_MARKER.length] & 0xFF;
            int count = segment[ICC_MARKER.length + 1] & 0xFF;
            if (count == 0 || sequence == 0 || sequence > count || chunks != null && chunks.length != count) {
                return null;
            }
            if (chunks == null) {
                chunks = new byte[count][];
            }
            chunks[sequence - 1] = Arrays.copyOfRange(segment, ICC_MARKER.length + 2, segment.length);
            total += chunks[sequence - 1].length;
            if (total > MAX_PROFILE) {
                return null;
            }
        }
        if (chunks == null) {
            return null;
        }
        ByteArrayOutputStream profile = new ByteArrayOutputStream((int) total);
        for (byte[] chunk : chunks) {
            if (chunk == null) {
                return null; // a missing part: better no profile than a corrupt one
            }
            profile.write(chunk);
        }
        return profile.toByteArray();
    }

    private static void skip(InputStream in, long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException();
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }
}
