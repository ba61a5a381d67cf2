package io.assetgate.server.upload;

import io.assetgate.server.support.S3Storage;

/**
 * The same cases against S3Proxy. A presigned URL cannot be revoked, so a PUT after abort is
 * accepted by the store and removed by the reconciler instead.
 */
@S3Storage
class S3SignedUploadAfterCloseTest extends SignedUploadAfterCloseTest {

    @Override
    protected boolean refusesLinksOfAbortedUploads() {
        return false;
    }
}
