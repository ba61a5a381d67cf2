package io.assetgate.server.storage;

/** The store contract against the local store, through this server's {@code /store} endpoint. */
class LocalObjectStoreTest extends ObjectStoreContractTest {
}
