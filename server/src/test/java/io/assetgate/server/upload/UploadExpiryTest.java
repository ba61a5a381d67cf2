package io.assetgate.server.upload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.ServerTest;
import io.assetgate.server.support.TestFiles;
import tools.jackson.databind.JsonNode;

/** Expiry with one-second upload URLs: the store refuses late PUTs, complete answers 410. */
@TestPropertySource(properties = "assetgate.upload.url-ttl=1s")
class UploadExpiryTest extends ServerTest {

    @Test
    void expiredSignedUrlIsRefusedByTheStoreAndCompleteAnswersGone() throws InterruptedException {
        String token = tokenFor("mia");
        byte[] photo = TestFiles.jpeg(16, 16);
        JsonNode upload = create(token, "late.jpg", "image/jpeg", photo);

        Thread.sleep(2100);

        assertThat(putToTarget(upload, photo).status()).isEqualTo(403);
        Http.Response complete = api.post("/v1/uploads/" + upload.get("uploadId").asString() + "/complete", token, null);
        assertThat(complete.status()).isEqualTo(410);
        assertThat(complete.code()).isEqualTo("UPLOAD_EXPIRED");
        assertThat(api.get("/v1/uploads/" + upload.get("uploadId").asString(), token).json().get("state").asString())
                .isEqualTo("EXPIRED");
    }

    @Test
    void bytesStoredInTimeAreKeptEvenWhenCompleteComesLate() throws InterruptedException {
        String token = tokenFor("mia");
        byte[] photo = TestFiles.jpeg(16, 16);
        JsonNode upload = create(token, "ontime.jpg", "image/jpeg", photo);
        assertThat(putToTarget(upload, photo).status()).isEqualTo(200);

        Thread.sleep(2100);

        Http.Response complete = api.post("/v1/uploads/" + upload.get("uploadId").asString() + "/complete", token, null);
        assertThat(complete.status()).isEqualTo(200);
        assertThat(complete.json().get("state").asString()).isEqualTo("AVAILABLE");
    }
}
