package io.assetgate.server.storage;

/**
 * What a signed upload binds: the content type, the exact length, and the checksum when the
 * client declared one ({@code null} otherwise).
 */
public record UploadSpec(String contentType, long length, Checksum checksum) {
}
