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
 * @param reuseDuplicates when true, the file's SHA-256 is computed first (one extra reading) and
 *        declared with {@code "onDuplicate": "reuse"}: when the caller already has a verified
 *        asset of the same bytes, no byte is sent and that asset is answered
 */
public record UploadOptions(String filename, String contentType, String idempotencyKey, ProgressListener progress,
        Cancellation cancellation, Consumer<UploadInfo> onCreated, boolean reuseDuplicates) {

    /** The options without {@code reuseDuplicates} (as before it existed): always a new upload. */
    public UploadOptions(String filename, String contentType, String idempotencyKey, ProgressListener progress,
            Cancellation cancellation, Consumer<UploadInfo> onCreated) {
        this(filename, contentType, idempotencyKey, progress, cancellation, onCreated, false);
    }

    public UploadOptions {
        progress = progress == null ? ProgressListener.NONE : progress;
        cancellation = cancellation == null ? new Cancellation() : cancellation;
        onCreated = onCreated == null ? u -> { } : onCreated;
    }

    public static UploadOptions defaults() {
        return new UploadOptions(null, null, null, null, null, null, false);
    }

    public UploadOptions withFilename(String value) {
        return new UploadOptions(value, contentType, idempotencyKey, progress, cancellation, onCreated,
                reuseDuplicates);
    }

    public UploadOptions withContentType(String value) {
        return new UploadOptions(filename, value, idempotencyKey, progress, cancellation, onCreated, reuseDuplicates);
    }

    public UploadOptions withIdempotencyKey(String value) {
        return new UploadOptions(filename, contentType, value, progress, cancellation, onCreated, reuseDuplicates);
    }

    public UploadOptions withProgress(ProgressListener value) {
        return new UploadOptions(filename, contentType, idempotencyKey, value, cancellation, onCreated,
                reuseDuplicates);
    }

    public UploadOptions withCancellation(Cancellation value) {
        return new UploadOptions(filename, contentType, idempotencyKey, progress, value, onCreated, reuseDuplicates);
    }

    public UploadOptions withOnCreated(Consumer<UploadInfo> value) {
        return new UploadOptions(filename, contentType, idempotencyKey, progress, cancellation, value, reuseDuplicates);
    }

    public UploadOptions withReuseDuplicates(boolean value) {
        return new UploadOptions(filename, contentType, idempotencyKey, progress, cancellation, onCreated, value);
    }
}
