package io.assetgate.server.storage;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * The optional ability to list what a store holds, for the reconciler that removes objects
 * and multipart uploads no record refers to. Listing is slow on big buckets: it is never
 * called on a request path.
 */
public interface StoreInventory {

    /** Calls {@code each} for every object whose key starts with {@code prefix}. */
    void forEachObject(String prefix, Consumer<StoredObject> each);

    /** Calls {@code each} for every multipart upload still in progress under {@code prefix}. */
    void forEachMultipart(String prefix, Consumer<OpenMultipart> each);

    /** An object and when it was last written. */
    record StoredObject(String key, long size, Instant lastModified) {
    }

    /** A multipart upload in progress and when it was started. */
    record OpenMultipart(String key, String uploadId, Instant initiated) {
    }
}
