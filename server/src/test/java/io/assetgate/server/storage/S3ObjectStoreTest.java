package io.assetgate.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.assetgate.server.support.S3ProxyServer;
import io.assetgate.server.support.S3Storage;

/** The store contract against the S3 adapter and a real S3 implementation (S3Proxy). */
@S3Storage
class S3ObjectStoreTest extends ObjectStoreContractTest {

    @Test
    void signsUrlsThatPointAtTheS3StoreWithSigV4() {
        SignedRequest put = store.signUpload(ObjectKeys.newOriginalKey(), new UploadSpec("image/png", 10, null),
                Duration.ofMinutes(1));

        assertThat(put.url()).startsWith(S3ProxyServer.get().endpoint() + "/assetgate-")
                .contains("X-Amz-Algorithm=AWS4-HMAC-SHA256");
    }
}
