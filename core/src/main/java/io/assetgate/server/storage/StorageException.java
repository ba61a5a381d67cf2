package io.assetgate.server.storage;

/** A storage failure, translated from the backend's own errors by the adapter. */
public class StorageException extends RuntimeException {

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
