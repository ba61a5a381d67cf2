package io.assetgate.server.upload;

import org.springframework.context.ApplicationContext;

/**
 * For tests in other packages: what the upload module does on its own, with no API call to
 * trigger it. The module's types are package-private, so this is the one door.
 */
public final class UploadTestAccess {

    private UploadTestAccess() {
    }

    /** What the expiry sweep does to an upload whose time ran out. */
    public static void expire(ApplicationContext context, String uploadId, String reason) {
        UploadRepository uploads = context.getBean(UploadRepository.class);
        context.getBean(UploadService.class).expire(uploads.findById(uploadId).orElseThrow(), reason);
    }
}
