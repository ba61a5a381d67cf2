package io.assetgate.server.storage;

import java.time.Duration;

/**
 * The store is unreachable, throttling, or failing on its side. The operation may succeed
 * if retried after {@link #retryAfter()}; the API answers {@code STORAGE_UNAVAILABLE}.
 */
public class StorageUnavailableException extends StorageException {

    private final Duration retryAfter;

    public StorageUnavailableException(String message, Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
