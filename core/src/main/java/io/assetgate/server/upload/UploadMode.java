package io.assetgate.server.upload;

/**
 * How the bytes travel: one signed PUT, or signed parts assembled at complete. {@link #EXISTING}
 * is only ever an answer, never stored: the owner already has these bytes as a verified asset,
 * so nothing travels.
 */
enum UploadMode {
    SINGLE,
    MULTIPART,
    EXISTING
}
