package io.assetgate.client;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Sends one queue item and records each step durably: UPLOADING, then the upload id before
 * any byte goes out, then DONE or FAILED. Transient failures put the item back in the queue.
 */
final class QueueSender {

    /** An upload in these states can never complete: the item needs a new declaration. */
    private static final Set<String> DEAD_UPLOAD = Set.of(ErrorCodes.UPLOAD_EXPIRED, ErrorCodes.UPLOAD_NOT_PENDING,
            ErrorCodes.NOT_FOUND);

    private final AssetgateClient client;
    private final QueueStore store;
    private final List<QueueListener> listeners;
    private final boolean reuseDuplicates;

    QueueSender(AssetgateClient client, QueueStore store, List<QueueListener> listeners, boolean reuseDuplicates) {
        this.client = client;
        this.store = store;
        this.listeners = listeners;
        this.reuseDuplicates = reuseDuplicates;
    }

    void send(QueueItem claimed, Consumer<AssetgateException> offline) {
        QueueItem[] item = {store.find(claimed.id()).orElse(null)};
        if (item[0] == null || item[0].state() == QueueItem.State.DONE || item[0].state() == QueueItem.State.FAILED) {
            return;
        }
        item[0] = item[0].with(QueueItem.State.UPLOADING);
        store.save(item[0]);
        try {
            Asset asset = upload(item);
            item[0] = item[0].done(asset.id());
            store.save(item[0]);
            listeners.forEach(l -> l.completed(item[0], asset));
        } catch (AssetgateException e) {
            if (e.isCancelled()) {
                return;
            }
            if (e.isRetryable()) {
                item[0] = item[0].failed(QueueItem.State.QUEUED, e);
                store.save(item[0]);
                offline.accept(e);
            } else {
                item[0] = item[0].failed(QueueItem.State.FAILED, e);
                store.save(item[0]);
                QueueItem failed = item[0];
                listeners.forEach(l -> l.failed(failed, e));
            }
        }
    }

    private Asset upload(QueueItem[] item) {
        Path file = Path.of(item[0].file());
        UploadOptions options = UploadOptions.defaults()
                .withFilename(item[0].filename())
                .withContentType(item[0].contentType())
                .withReuseDuplicates(reuseDuplicates)
                .withProgress(p -> listeners.forEach(l -> l.progress(item[0], p)))
                .withOnCreated(upload -> {
                    // MUST be durable before any byte is sent: it is what a restart resumes.
                    if (!upload.uploadId().equals(item[0].uploadId())) {
                        item[0] = item[0].withUpload(upload.uploadId());
                        store.save(item[0]);
                    }
                });
        if (item[0].uploadId() != null) {
            try {
                return client.resume(item[0].uploadId(), file, options);
            } catch (AssetgateException e) {
                if (!DEAD_UPLOAD.contains(e.code())) {
                    throw e;
                }
                item[0] = item[0].nextGeneration();
                store.save(item[0]);
            }
        }
        return client.upload(file, options.withIdempotencyKey(item[0].idempotencyKey()));
    }
}
