package io.assetgate.server.storage;

/**
 * The store refuses the server itself, and will go on refusing until an operator acts: the
 * credentials were refused or lack a permission, the bucket does not exist, or it is in another
 * region. Retrying cannot help, so the API answers {@code STORAGE_MISCONFIGURED} (500, no
 * {@code Retry-After}) rather than {@code STORAGE_UNAVAILABLE}, and clients do not retry it.
 */
public class StorageMisconfiguredException extends StorageException {

    public StorageMisconfiguredException(String message, Throwable cause) {
        super(message, cause);
    }
}
