package io.assetgate.client;

import java.time.Instant;

/**
 * One file in the {@link UploadQueue}, as persisted on disk.
 *
 * @param id the item's id; with {@code generation} it makes the upload's idempotency key
 * @param file the file to upload (absolute path); it is read when the item is sent
 * @param generation raised when an upload must be declared anew (it expired, or a failed item
 *        is retried), so the new declaration gets a new key; the old upload can never complete
 * @param uploadId the server's upload, once declared: resuming it sends only what is missing
 * @param attempts failed attempts so far
 * @param error the last error, one line
 * @param errorCode the last error's code
 * @param assetId the asset, once DONE
 */
public record QueueItem(String id, String file, String filename, String contentType, State state, int generation,
        String uploadId, int attempts, String error, String errorCode, String assetId, Instant createdAt,
        Instant updatedAt) {

    /** Where an item stands. */
    public enum State {
        /** Waiting to be sent, or to be sent again after a transient failure. */
        QUEUED,
        /** Being sent (or was, when the process stopped: it is resumed). */
        UPLOADING,
        /** Uploaded and verified: {@code assetId} is set. */
        DONE,
        /** Refused for good; it stays until retried or removed. */
        FAILED
    }

    /** The idempotency key of this item's current declaration. */
    public String idempotencyKey() {
        return generation == 0 ? id : id + "." + generation;
    }

    QueueItem with(State newState) {
        return new QueueItem(id, file, filename, contentType, newState, generation, uploadId, attempts, error,
                errorCode, assetId, createdAt, Instant.now());
    }

    QueueItem withUpload(String newUploadId) {
        return new QueueItem(id, file, filename, contentType, state, generation, newUploadId, attempts, error,
                errorCode, assetId, createdAt, Instant.now());
    }

    QueueItem nextGeneration() {
        return new QueueItem(id, file, filename, contentType, state, generation + 1, null, attempts, error, errorCode,
                assetId, createdAt, Instant.now());
    }

    QueueItem failed(State newState, AssetgateException e) {
        return new QueueItem(id, file, filename, contentType, newState, generation, uploadId, attempts + 1,
                e.getMessage(), e.code(), assetId, createdAt, Instant.now());
    }

    QueueItem done(String newAssetId) {
        return new QueueItem(id, file, filename, contentType, State.DONE, generation, uploadId, attempts, null, null,
                newAssetId, createdAt, Instant.now());
    }

    QueueItem reset() {
        return new QueueItem(id, file, filename, contentType, State.QUEUED, generation + 1, null, 0, null, null, null,
                createdAt, Instant.now());
    }
}
