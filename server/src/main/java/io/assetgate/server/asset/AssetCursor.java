package io.assetgate.server.asset;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import io.assetgate.server.web.ApiException;

/** A keyset position in the newest-first asset list, opaque to clients. */
record AssetCursor(Instant createdAt, String id) {

    public String encode() {
        String raw = createdAt.getEpochSecond() + "." + createdAt.getNano() + "." + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a cursor from a previous page, or throws {@code VALIDATION_FAILED}. */
    public static AssetCursor decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\.", 3);
            return new AssetCursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])), parts[2]);
        } catch (RuntimeException e) {
            throw ApiException.validation("cursor", "is not a cursor from a previous page");
        }
    }
}
