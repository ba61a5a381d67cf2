package io.assetgate.server.upload;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.assetgate.server.storage.Checksum;
import io.assetgate.server.web.ApiException;

/**
 * The checksums a client gives at complete, computed while it sent the bytes: the whole
 * file's ({@code whole}, may be null) and its parts' by part number. Malformed ones are a
 * VALIDATION_FAILED naming the field.
 */
record ClaimedChecksums(Checksum whole, Map<Integer, Checksum> parts) {

    static ClaimedChecksums parse(String checksum, List<MultipartUploads.PartRef> parts) {
        Map<Integer, Checksum> byPart = new HashMap<>();
        if (parts != null) {
            for (int i = 0; i < parts.size(); i++) {
                MultipartUploads.PartRef part = parts.get(i);
                Checksum parsed = part == null ? null : parse("parts[" + i + "].checksum", part.checksum());
                if (parsed != null && part.partNumber() != null) {
                    byPart.put(part.partNumber(), parsed);
                }
            }
        }
        return new ClaimedChecksums(parse("checksum", checksum), byPart);
    }

    private static Checksum parse(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Checksum.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation(field, e.getMessage());
        }
    }
}
