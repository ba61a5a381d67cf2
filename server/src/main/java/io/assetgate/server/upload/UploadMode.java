package io.assetgate.server.upload;

/** How the bytes travel: one signed PUT, or signed parts assembled at complete. */
enum UploadMode {
    SINGLE,
    MULTIPART
}
