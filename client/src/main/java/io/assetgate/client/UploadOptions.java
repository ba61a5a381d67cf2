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
 * @param streamingChecksum false (the default): the file's SHA-256 is computed before the upload
 *        is created and declared with it, so the signed URL binds it and the store itself refuses
 *        any other bytes, on the first PUT and any later one. True: nothing is declared, the
 *        checksum is computed while sending and given at complete, saving one reading of the file;
 *        the server still verifies it, but the URL then binds only type and length.
 * @param reuseDuplicates when true, the file's SHA-256 is declared with
 *        {@code "onDuplicate": "reuse"} (even with {@code streamingChecksum}): when the caller
 *        already has a verified asset of the same bytes, no byte is sent and that asset is answered
 */
public record UploadOptions(String filename, String contentType, String idempotencyKey, ProgressListener progress,
        Cancellation cancellation, Consumer<UploadInfo> onCreated, boolean streamingChecksum,
        boolean reuseDuplicates) {

    public UploadOptions {
        progress = progress == null ? ProgressListener.NONE : progress;
        cancellation = cancellation == null ? new Cancellation() : cancellation;
        onCreated = onCreated == null ? u -> { } : onCreated;
    }

    /** The options before {@code streamingChecksum} and {@code reuseDuplicates} existed. */
    public UploadOptions(String filename, String contentType, String idempotencyKey, ProgressListener progress,
            Cancellation cancellation, Consumer<UploadInfo> onCreated) {
        this(filename, contentType, idempotencyKey, progress, cancellation, onCreated, false, false);
    }

    public static UploadOptions defaults() {
        return new UploadOptions(null, null, null, null, null, null, false, false);
    }

    public UploadOptions withFilename(String value) {
        return new UploadOptions(value, contentType, idempotencyKey, progress, cancellation, onCreated,
                streamingChecksum, reuseDuplicates);
    }

    public UploadOptions withContentType(String value) {
        return new UploadOptions(filename, value, idempotencyKey, progress, cancellation, onCreated,
                streamingChecksum, reuseDuplicates);
    }

    public UploadOptions withIdempotencyKey(String value) {
        return new UploadOptions(filename, contentType, value, progress, cancellation, onCreated,
                streamingChecksum, reuseDuplicates);
    }

    public UploadOptions withProgress(ProgressListener value) {
        return new UploadOptions(filename, contentType, idempotencyKey, value, cancellation, onCreated,
                streamingChecksum, reuseDuplicates);
    }

    public UploadOptions withCancellation(Cancellation value) {
        return new UploadOptions(filename, contentType, idempotencyKey, progress, value, onCreated,
                streamingChecksum, reuseDuplicates);
    }

    public UploadOptions withOnCreated(Consumer<UploadInfo> value) {
        return new UploadOptions(filename, contentType, idempotencyKey, progress, cancellation, value,
                streamingChecksum, reuseDuplicates);
    }

    /** See {@link #streamingChecksum()}: true trades the store's own check of the bytes for one less reading of the file. */
    public UploadOptions withStreamingChecksum(boolean value) {
        return new UploadOptions(filename, contentType, idempotencyKey, progress, cancellation, onCreated, value,
                reuseDuplicates);
    }

    /** See {@link #reuseDuplicates()}. */
    public UploadOptions withReuseDuplicates(boolean value) {
        return new UploadOptions(filename, contentType, idempotencyKey, progress, cancellation, onCreated,
                streamingChecksum, value);
    }
}
