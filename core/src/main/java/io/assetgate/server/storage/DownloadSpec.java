package io.assetgate.server.storage;

/** How a signed download presents the object: its content type and the attachment filename. */
public record DownloadSpec(String contentType, String filename) {
}
