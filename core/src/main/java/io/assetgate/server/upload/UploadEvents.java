package io.assetgate.server.upload;

import java.util.List;

/**
 * What happens to uploads, published by {@link UploadService} inside the transaction that
 * made it happen. Synchronous listeners (quota accounting) share that transaction; the audit
 * trail listens after commit.
 */
final class UploadEvents {

    private UploadEvents() {
    }

    /** Part URLs of a MULTIPART upload were signed. */
    public record PartsSigned(Upload upload, List<Integer> partNumbers) {
    }

    public record UploadCreated(Upload upload) {
    }

    public record UploadCompleted(Upload upload) {
    }

    public record UploadFailed(Upload upload, String reason) {
    }

    public record UploadAborted(Upload upload) {
    }

    public record UploadExpired(Upload upload, String reason) {
    }

    /** A create was answered with the owner's existing asset of the same checksum; nothing was recorded. */
    public record DuplicateReused(String assetId, String checksum) {
    }
}
