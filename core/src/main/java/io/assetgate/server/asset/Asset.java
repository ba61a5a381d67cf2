package io.assetgate.server.asset;

import java.time.Instant;
import java.util.Map;

import io.assetgate.server.security.Owner;

/** An asset as recorded: the original object, its state, and its variants by name. */
public record Asset(
        String id,
        String uploadId,
        Owner owner,
        String filename,
        String contentType,
        long size,
        String checksum,
        String objectKey,
        AssetState state,
        String stateReason,
        Instant createdAt,
        Instant completedAt,
        Map<String, Variant> variants,
        AssetMetadata metadata) {

    /** An asset of which nothing is known beyond its upload yet. */
    public Asset(String id, String uploadId, Owner owner, String filename, String contentType, long size,
            String checksum, String objectKey, AssetState state, String stateReason, Instant createdAt,
            Instant completedAt, Map<String, Variant> variants) {
        this(id, uploadId, owner, filename, contentType, size, checksum, objectKey, state, stateReason, createdAt,
                completedAt, variants, null);
    }

    public Asset withVariants(Map<String, Variant> variants) {
        return new Asset(id, uploadId, owner, filename, contentType, size, checksum, objectKey, state, stateReason,
                createdAt, completedAt, variants, metadata);
    }
}
