package io.assetgate.server.storage;

import io.assetgate.server.support.S3Storage;

/** The store contract against the S3 adapter and a real S3 implementation (S3Proxy). */
@S3Storage
class S3ObjectStoreTest extends ObjectStoreContractTest {
}
