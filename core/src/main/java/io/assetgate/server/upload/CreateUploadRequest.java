package io.assetgate.server.upload;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * The body of {@code POST /v1/uploads}: what the client declares it will upload.
 *
 * @param onDuplicate {@code "reuse"} to be answered with the owner's existing verified asset of
 *        the same {@code checksum} instead of a new upload; null or {@code "upload"} for a new
 *        upload in every case
 */
record CreateUploadRequest(
        @NotBlank String filename,
        @NotBlank String contentType,
        @NotNull @Positive Long size,
        String checksum,
        String onDuplicate) {
}
