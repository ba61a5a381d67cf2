package io.assetgate.server.upload;

/** The life of an upload. Only {@link #PENDING} moves; the others are final. */
enum UploadState {
    /** Signed and waiting for the bytes and the complete call. */
    PENDING,
    /** Verified; the asset exists. */
    COMPLETED,
    /** The stored bytes did not match the declaration; the object was deleted. */
    FAILED,
    /** Aborted by its owner. */
    ABORTED,
    /** Never completed in time; whatever was stored was removed. */
    EXPIRED
}
