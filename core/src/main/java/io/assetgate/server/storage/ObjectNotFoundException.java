package io.assetgate.server.storage;

/** The key holds no object. */
public class ObjectNotFoundException extends StorageException {

    public ObjectNotFoundException(String key) {
        super("No object at " + key);
    }
}
