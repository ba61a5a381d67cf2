package io.assetgate.server.upload;

import io.assetgate.server.support.S3Storage;

/** The walkthrough, unchanged, with the S3 adapter against a real S3 implementation. */
@S3Storage
class S3UploadWalkthroughTest extends UploadWalkthroughTest {
}
