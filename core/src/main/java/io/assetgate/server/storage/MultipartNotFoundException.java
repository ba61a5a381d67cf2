package io.assetgate.server.storage;

/** The store holds no multipart upload with this id: it was completed, aborted or never started. */
public class MultipartNotFoundException extends StorageException {

    public MultipartNotFoundException(String key) {
        super("No multipart upload in progress for " + key);
    }
}
