package io.assetgate.server.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.ServerTest;
import io.assetgate.server.support.TestFiles;
import tools.jackson.databind.JsonNode;

/**
 * Finished uploads are purged after their retention, and nothing their assets need goes with
 * them. The purge and the reconciler are run directly instead of waiting for their schedules.
 */
@TestPropertySource(properties = {"assetgate.upload.url-ttl=2s", "assetgate.upload.retention=1s",
    "assetgate.upload.purge-interval=1h", "assetgate.reconciler.grace=0s", "assetgate.reconciler.orphan-grace=0s",
    "assetgate.reconciler.interval=1h"})
class UploadRetentionTest extends ServerTest {

    @Autowired
    UploadRetention retention;
    @Autowired
    UploadReconciler reconciler;

    @Test
    void purgesFinishedUploadsButKeepsTheirAssetsAndPendingUploads() throws InterruptedException {
        String token = tokenFor("retention");
        byte[] photo = TestFiles.jpeg(64, 48);
        Map<String, Object> declaration = declaration("kept.jpg", "image/jpeg", photo);
        Http.Response created = api.post("/v1/uploads", token, declaration, Map.of("Idempotency-Key", "once"));
        JsonNode upload = created.json();
        assertThat(putToTarget(upload, photo).status()).isEqualTo(200);
        String uploadPath = "/v1/uploads/" + upload.get("uploadId").asString();
        assertThat(api.post(uploadPath + "/complete", token, null).status()).isEqualTo(200);
        JsonNode pending = create(token, "pending.jpg", "image/jpeg", photo);
        Thread.sleep(3_500); // past the 2 s deadline plus the 1 s retention

        assertThat(retention.purge()).as("the completed upload only").isEqualTo(1);

        assertThat(api.get(uploadPath, token).status()).isEqualTo(404);
        assertThat(api.get("/v1/uploads/" + pending.get("uploadId").asString(), token).json().get("state").asString())
                .as("a pending upload is never purged").isEqualTo("PENDING");
        reconciler.reconcile();
        JsonNode asset = api.get("/v1/assets/" + upload.get("assetId").asString(), token).json();
        assertThat(asset.get("state").asString()).isIn("AVAILABLE", "READY");
        assertThat(Http.fetch(asset.get("url").asString()).bytes())
                .as("the reconciler's orphan sweep leaves an asset's object whose upload row is gone").isEqualTo(photo);

        Http.Response retried = api.post("/v1/uploads", token, declaration, Map.of("Idempotency-Key", "once"));
        assertThat(retried.status()).as("the key is free again once its upload is purged").isEqualTo(201);
        assertThat(retried.json().get("uploadId").asString()).isNotEqualTo(upload.get("uploadId").asString());
    }
}
