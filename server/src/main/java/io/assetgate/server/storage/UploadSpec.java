package io.assetgate.server.storage;

import io.assetgate.server.upload.Checksum;

/**
 * What a signed upload binds: the content type, the exact length, and the checksum when the
 * client declared one ({@code null} otherwise).
 */
public record UploadSpec(String contentType, long length, Checksum checksum) {
}
