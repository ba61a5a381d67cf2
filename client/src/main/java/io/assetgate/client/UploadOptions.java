package io.assetgate.client;

import java.util.function.Consumer;

/**
 * How to upload one file. Immutable: each {@code with...} answers a copy.
 *
 * @param filename the name to declare; defaults to the file's own name
 * @param contentType the type to declare; defaults to a guess from the name
 * @param idempotencyKey sent as {@code Idempotency-Key}; a random one when null. The same key
 *        always answers the same upload, which is what makes retries and the queue exactly-once.
 * @param progress receives bytes sent
 * @param cancellation cancels the upload when cancelled
 * @param onCreated called with the upload as soon as the server has recorded it, before any
 *        byte is sent, so a caller can persist the upload id for {@code resume}
 */
public record UploadOptions(String filename, String contentType, String idempotencyKey, ProgressListener progress,
        Cancellation cancellation, Consumer<UploadInfo> onCreated) {

    public UploadOptions {
        progress = progress == null ? ProgressListener.NONE : progress;
        cancellation = cancellation == null ? new Cancellation() : cancellation;
        onCreated = onCreated == null ? u -> { } : onCreated;
    }

    public static UploadOptions defaults() {
        return new UploadOptions(null, null, null, null, null, null);
    }

    public UploadOptions withFilename(String value) {
        return new UploadOptions(value, contentType, idempotencyKey, progress, cancellation, onCreated);
    }

    public UploadOptions withContentType(String value) {
        return new UploadOptions(filename, value, idempotencyKey, progress, cancellation, onCreated);
    }

    public UploadOptions withIdempotencyKey(String value) {
        return new UploadOptions(filename, contentType, value, progress, cancellation, onCreated);
    }

    public UploadOptions withProgress(ProgressListener value) {
        return new UploadOptions(filename, contentType, idempotencyKey, value, cancellation, onCreated);
    }

    public UploadOptions withCancellation(Cancellation value) {
        return new UploadOptions(filename, contentType, idempotencyKey, progress, value, onCreated);
    }

    public UploadOptions withOnCreated(Consumer<UploadInfo> value) {
        return new UploadOptions(filename, contentType, idempotencyKey, progress, cancellation, value);
    }
}
