package io.assetgate.server.upload;

import io.assetgate.server.support.S3Storage;

/** The same, on S3: the store's own digests are its ETags, the MD5 of each PUT and part. */
@S3Storage
class S3ChecksumAtCompleteTest extends ChecksumAtCompleteTest {

    @Override
    protected String storeAlgorithm() {
        return "md5";
    }
}
