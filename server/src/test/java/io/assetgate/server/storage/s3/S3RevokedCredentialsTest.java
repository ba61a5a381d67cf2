package io.assetgate.server.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.S3ProxyServer;
import io.assetgate.server.support.ServerTest;
import io.assetgate.server.support.TestFiles;
import tools.jackson.databind.JsonNode;

/**
 * Credentials that stop working while the server runs: its own S3Proxy restarts accepting only
 * another key. Every store call is refused (403), which is the operator's to fix: 500
 * {@code STORAGE_MISCONFIGURED}, not a 503 that clients would retry forever.
 */
class S3RevokedCredentialsTest extends ServerTest {

    private static final S3ProxyServer S3 = S3ProxyServer.startDedicated();

    @DynamicPropertySource
    static void dedicatedS3(DynamicPropertyRegistry registry) {
        Map<String, Object> settings = S3.settings(S3.newBucket());
        settings.forEach((name, value) -> registry.add(name, () -> value));
    }

    @AfterAll
    static void stop() {
        S3.stop();
    }

    @Test
    void refusedCredentialsAreMisconfiguredNotTemporary() {
        String token = tokenFor("revoked");
        byte[] photo = TestFiles.jpeg(64, 64);
        JsonNode upload = create(token, "photo.jpg", "image/jpeg", photo);
        assertThat(putToTarget(upload, photo).status()).isEqualTo(200);

        S3.restartWithCredentials("another-key", "another-secret-0123456789abcdef");

        Http.Response completed = api.post("/v1/uploads/" + upload.get("uploadId").asString() + "/complete", token,
                null);
        S3MisconfigurationAssertions.assertMisconfigured(completed);
        Http.Response health = api.get("/actuator/health", null);
        assertThat(health.json().get("components").get("storage").get("status").asString()).isEqualTo("DOWN");
    }
}
