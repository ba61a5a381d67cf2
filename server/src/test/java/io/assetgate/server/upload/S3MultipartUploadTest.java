package io.assetgate.server.upload;

import io.assetgate.server.support.S3Storage;

/** The multipart tests, unchanged, with the S3 adapter against a real S3 implementation. */
@S3Storage
class S3MultipartUploadTest extends MultipartUploadTest {
}
