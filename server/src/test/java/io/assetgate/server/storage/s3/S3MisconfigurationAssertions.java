package io.assetgate.server.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.assetgate.server.support.Http;

/** What a permanent store fault answers, whichever fault it is. */
final class S3MisconfigurationAssertions {

    private S3MisconfigurationAssertions() {
    }

    static void assertMisconfigured(Http.Response response) {
        assertThat(response.status()).as("%s", response).isEqualTo(500);
        assertThat(response.code()).isEqualTo("STORAGE_MISCONFIGURED");
        assertThat(response.header("Retry-After")).as("nothing to wait for").isNull();
        assertThat(response.text()).doesNotContain("127.0.0.1").doesNotContain("software.amazon")
                .doesNotContain("assetgate-test-key");
    }
}
