package io.assetgate.server.asset;

import java.time.Instant;
import java.util.Map;

/** The Asset as the API shows it. {@code url} is a short-lived download link, or null. */
public record AssetView(
        String id,
        String filename,
        String contentType,
        long size,
        String checksum,
        AssetState state,
        String stateReason,
        Instant createdAt,
        Instant completedAt,
        String url,
        Instant urlExpiresAt,
        Map<String, VariantView> variants,
        AssetMetadata metadata) {

    /** A variant as the API shows it. */
    public record VariantView(String url, Integer width, Integer height, String contentType, Long size) {
    }

    /** A page of assets, newest first. */
    public record Page(java.util.List<AssetView> items, String nextCursor) {
    }
}
