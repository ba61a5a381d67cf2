package io.assetgate.server.storage;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * The store contract against the local store, through this server's {@code /store} endpoint.
 * The contract signs keys directly, with no upload behind them, so the gate on upload states
 * ({@link SignedWriteGate}, tested through the API by {@code SignedUploadAfterCloseTest}) is
 * opened here: what is under test is the store's own checks of what was signed.
 */
@Import(LocalObjectStoreTest.OpenGate.class)
class LocalObjectStoreTest extends ObjectStoreContractTest {

    @TestConfiguration
    static class OpenGate {
        @Bean
        @Primary
        SignedWriteGate everyKeyWritable() {
            return key -> true;
        }
    }
}
