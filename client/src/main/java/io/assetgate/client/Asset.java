package io.assetgate.client;

import java.time.Instant;
import java.util.Map;

/**
 * An asset as the server describes it. {@code state} is kept as text ({@code PENDING},
 * {@code AVAILABLE}, {@code READY}, {@code QUARANTINED}, {@code FAILED}) so that states added
 * by a newer server do not break older clients. {@code url} is a short-lived download link.
 */
public record Asset(String id, String filename, String contentType, long size, String checksum, String state,
        String stateReason, Instant createdAt, Instant completedAt, String url, Instant urlExpiresAt,
        Map<String, Variant> variants) {

    /** A derived rendition of the asset, such as {@code thumbnail}. */
    public record Variant(String url, Integer width, Integer height, String contentType, Long size) {
    }

    /** A page of assets, newest first; {@code nextCursor} is null on the last page. */
    public record Page(java.util.List<Asset> items, String nextCursor) {
    }
}
