package io.assetgate.server.upload;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** The body of {@code POST /v1/uploads}: what the client declares it will upload. */
record CreateUploadRequest(
        @NotBlank String filename,
        @NotBlank String contentType,
        @NotNull @Positive Long size,
        String checksum) {
}
