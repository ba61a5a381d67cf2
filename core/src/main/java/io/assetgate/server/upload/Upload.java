package io.assetgate.server.upload;

import java.time.Instant;

import io.assetgate.server.security.Owner;
import io.assetgate.server.storage.Checksum;

/**
 * An upload as recorded. {@code multipartId}, {@code partSize} and {@code partCount} are set
 * only in {@link UploadMode#MULTIPART}.
 */
record Upload(
        String id,
        String assetId,
        Owner owner,
        String idempotencyKey,
        String requestHash,
        String filename,
        String contentType,
        long size,
        Checksum checksum,
        String objectKey,
        UploadMode mode,
        UploadState state,
        String stateReason,
        String multipartId,
        Long partSize,
        Integer partCount,
        Instant createdAt,
        Instant expiresAt,
        Instant completedAt) {

    public boolean isExpired(Instant now) {
        return now.isAfter(expiresAt);
    }
}
