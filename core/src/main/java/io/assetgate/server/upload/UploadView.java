package io.assetgate.server.upload;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.assetgate.server.storage.SignedRequest;

/**
 * An upload as the API shows it. SINGLE uploads carry {@code target}; MULTIPART uploads carry
 * {@code partSize} and {@code partCount}, and on GET the {@code parts} the store holds so far.
 * While it is pending, {@code checksumAlgorithm} names the checksum the store computes itself
 * as bytes arrive: a client that computes the same while sending, and gives it at complete,
 * spares the server reading the object back.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record UploadView(
        String uploadId,
        String assetId,
        UploadState state,
        String stateReason,
        UploadMode mode,
        String filename,
        String contentType,
        long size,
        String checksum,
        Instant expiresAt,
        SignedRequest target,
        Long partSize,
        Integer partCount,
        List<StoredPart> parts,
        String checksumAlgorithm) {

    /** A part the store already holds. */
    public record StoredPart(int partNumber, String etag, long size) {
    }

    /** The answer to a create that found the owner's verified asset of the same checksum. */
    static UploadView existing(io.assetgate.server.asset.Asset asset) {
        return new UploadView(null, asset.id(), UploadState.COMPLETED, null, UploadMode.EXISTING, asset.filename(),
                asset.contentType(), asset.size(), asset.checksum(), null, null, null, null, null, null);
    }

    static UploadView of(Upload u, SignedRequest target, List<StoredPart> parts, String checksumAlgorithm) {
        return new UploadView(u.id(), u.assetId(), u.state(), u.stateReason(), u.mode(), u.filename(),
                u.contentType(), u.size(), u.checksum() == null ? null : u.checksum().toString(), u.expiresAt(),
                target, u.partSize(), u.partCount(), parts, checksumAlgorithm);
    }
}
