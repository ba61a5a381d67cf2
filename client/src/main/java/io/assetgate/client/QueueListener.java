package io.assetgate.client;

/**
 * Told what happens to queued items: this is how an application notifies its user. Called on
 * the queue's worker threads; implementations must be thread-safe and quick.
 */
public interface QueueListener {

    /** The item is uploaded and verified. */
    default void completed(QueueItem item, Asset asset) {
    }

    /** The item was refused for good; it stays FAILED until retried or removed. */
    default void failed(QueueItem item, AssetgateException error) {
    }

    /** The server cannot be reached; the queue waits and probes. */
    default void offline(AssetgateException error) {
    }

    /** The server answers again; the queue resumes. */
    default void online() {
    }

    /** Bytes sent for an item. */
    default void progress(QueueItem item, ProgressListener.Progress progress) {
    }
}
