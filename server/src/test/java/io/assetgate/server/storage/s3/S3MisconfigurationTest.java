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
 * A permanent store fault is not a temporary one: the bucket of a running server is removed
 * from its own S3Proxy. Complete then answers 500 {@code STORAGE_MISCONFIGURED} without
 * {@code Retry-After} (clients do not retry it), not 409 {@code UPLOAD_INCOMPLETE} (the missing
 * bucket passing for a missing object) nor 503 {@code STORAGE_UNAVAILABLE}.
 */
class S3MisconfigurationTest extends ServerTest {

    private static final S3ProxyServer S3 = S3ProxyServer.startDedicated();
    private static final String BUCKET = S3.newBucket();

    @DynamicPropertySource
    static void dedicatedS3(DynamicPropertyRegistry registry) {
        Map<String, Object> settings = S3.settings(BUCKET);
        settings.forEach((name, value) -> registry.add(name, () -> value));
    }

    @AfterAll
    static void stop() {
        S3.stop();
    }

    @Test
    void aBucketRemovedWhileRunningIsMisconfiguredNotIncompleteNorTemporary() {
        String token = tokenFor("vanished-bucket");
        byte[] photo = TestFiles.jpeg(64, 64);
        JsonNode upload = create(token, "photo.jpg", "image/jpeg", photo);
        assertThat(putToTarget(upload, photo).status()).isEqualTo(200);

        S3.removeBucket(BUCKET);

        Http.Response completed = api.post("/v1/uploads/" + upload.get("uploadId").asString() + "/complete", token,
                null);
        S3MisconfigurationAssertions.assertMisconfigured(completed);
        Http.Response health = api.get("/actuator/health", null);
        assertThat(health.json().get("components").get("storage").get("status").asString()).isEqualTo("DOWN");
    }
}
