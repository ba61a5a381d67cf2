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
 * A real outage: the server runs against an S3Proxy of its own, which the test then stops.
 * The API answers 503 STORAGE_UNAVAILABLE with Retry-After, and health reports storage down.
 */
class S3OutageTest extends ServerTest {

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
    void answersStorageUnavailableWithRetryAfterWhenTheStoreIsDown() {
        String token = tokenFor("outage");
        byte[] photo = TestFiles.jpeg(64, 64);
        JsonNode upload = create(token, "photo.jpg", "image/jpeg", photo);
        assertThat(putToTarget(upload, photo).status()).isEqualTo(200);
        assertThat(api.get("/actuator/health", null).json().get("components").get("storage").get("status")
                .asString()).isEqualTo("UP");

        S3.stop();

        Http.Response completed = api.post("/v1/uploads/" + upload.get("uploadId").asString() + "/complete", token,
                null);
        assertThat(completed.status()).isEqualTo(503);
        assertThat(completed.code()).isEqualTo("STORAGE_UNAVAILABLE");
        assertThat(completed.header("Retry-After")).isNotBlank();
        assertThat(completed.text()).doesNotContain("127.0.0.1").doesNotContain("software.amazon");
        Http.Response health = api.get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().get("components").get("storage").get("status").asString()).isEqualTo("DOWN");
    }
}
