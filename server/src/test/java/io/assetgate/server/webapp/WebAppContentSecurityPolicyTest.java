package io.assetgate.server.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import io.assetgate.server.config.AssetgateProperties;

/** The page's CSP names exactly where its requests and images may go, storage included. */
class WebAppContentSecurityPolicyTest {

    private static final AssetgateProperties SERVER = new AssetgateProperties(Path.of("data"), URI.create("https://assets.example.com/"));

    @Test
    void localStoreNeedsNothingBeyondTheServerAndItsIssuer() {
        String csp = WebAppPages.contentSecurityPolicy("https://sso.example.com/realms/x", SERVER,
                WebAppPages.storageOrigin(new MockEnvironment()));
        assertThat(csp).contains("script-src 'self';")
                .contains("connect-src 'self' https://assets.example.com https://sso.example.com;")
                .contains("img-src 'self' https://assets.example.com blob: data:;")
                .doesNotContain("https:;").doesNotContain("*");
    }

    @Test
    void s3StorageAddsItsEndpointOrAwsS3() {
        MockEnvironment minio = new MockEnvironment().withProperty("assetgate.storage.type", "s3")
                .withProperty("assetgate.storage.s3.endpoint", "http://127.0.0.1:9000/");
        assertThat(WebAppPages.storageOrigin(minio)).isEqualTo("http://127.0.0.1:9000");
        MockEnvironment aws = new MockEnvironment().withProperty("assetgate.storage.type", "s3");
        assertThat(WebAppPages.contentSecurityPolicy("https://assets.example.com", SERVER, WebAppPages.storageOrigin(aws)))
                .contains("connect-src 'self' https://assets.example.com https://*.amazonaws.com;");
    }
}
