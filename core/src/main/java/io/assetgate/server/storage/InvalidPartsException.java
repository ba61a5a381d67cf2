package io.assetgate.server.storage;

/** A part named at complete is not stored, has another tag, or is too small to be followed. */
public class InvalidPartsException extends StorageException {

    public InvalidPartsException(String message) {
        super(message);
    }
}
