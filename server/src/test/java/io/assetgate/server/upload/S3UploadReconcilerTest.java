package io.assetgate.server.upload;

import io.assetgate.server.support.S3Storage;

/** The reconciler cases, unchanged, with the S3 adapter against a real S3 implementation. */
@S3Storage
class S3UploadReconcilerTest extends UploadReconcilerTest {
}
