package io.assetgate.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An upload as {@code POST /v1/uploads} and {@code GET /v1/uploads/{id}} answer it. SINGLE
 * uploads carry {@code target}; MULTIPART uploads carry {@code partSize}, {@code partCount}
 * and, on GET, the {@code parts} the storage already holds. While pending, {@code checksumAlgorithm}
 * names the checksum the storage computes itself as bytes arrive; the client computes the
 * same while sending and gives it at complete.
 */
public record UploadInfo(String uploadId, String assetId, String state, String stateReason, String mode,
        String filename, String contentType, long size, String checksum, Instant expiresAt, Target target,
        Long partSize, Integer partCount, List<StoredPart> parts, String checksumAlgorithm) {

    /**
     * True when the server answered an existing asset of the same checksum ({@code "mode":
     * "EXISTING"}, asked for with {@code onDuplicate}): {@code assetId} is that asset, and there
     * is no upload to send.
     */
    public boolean existing() {
        return "EXISTING".equals(mode);
    }

    /** True when the bytes go up in parts. */
    public boolean multipart() {
        return UploadStates.MULTIPART.equals(mode);
    }

    /** A signed request to send once, as is: exactly these headers, before {@code expiresAt}. */
    public record Target(Integer partNumber, String method, String url, Map<String, String> headers,
            Instant expiresAt) {
    }

    /** A part the storage already holds. */
    public record StoredPart(int partNumber, String etag, long size) {
    }
}
