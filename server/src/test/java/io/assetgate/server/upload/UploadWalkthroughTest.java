package io.assetgate.server.upload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.ServerTest;
import io.assetgate.server.support.TestFiles;
import tools.jackson.databind.JsonNode;

/** The README's walkthrough, end to end over real HTTP, with a token from a real OIDC server. */
public class UploadWalkthroughTest extends ServerTest {

    @Test
    public void uploadsListsDownloadsAndDeletesARealJpeg() {
        String token = tokenFor("alice");
        byte[] photo = TestFiles.jpeg(640, 480);

        JsonNode upload = create(token, "IMG_0001.jpg", "image/jpeg", photo);
        assertThat(upload.get("state").asString()).isEqualTo("PENDING");
        assertThat(upload.get("mode").asString()).isEqualTo("SINGLE");
        assertThat(upload.get("target").get("method").asString()).isEqualTo("PUT");

        assertThat(putToTarget(upload, photo).status()).isEqualTo(200);

        String uploadId = upload.get("uploadId").asString();
        Http.Response completed = api.post("/v1/uploads/" + uploadId + "/complete", token, null);
        assertThat(completed.status()).isEqualTo(200);
        JsonNode asset = completed.json();
        assertThat(asset.get("id").asString()).isEqualTo(upload.get("assetId").asString());
        assertThat(asset.get("state").asString()).isEqualTo("AVAILABLE");
        assertThat(asset.get("size").asLong()).isEqualTo(photo.length);
        assertThat(asset.get("filename").asString()).isEqualTo("IMG_0001.jpg");

        JsonNode page = api.get("/v1/assets", token).json();
        assertThat(page.get("items").get(0).get("id").asString()).isEqualTo(asset.get("id").asString());

        // Downloadable once its checks passed, not before (DownloadBeforeChecksTest).
        awaitReady(token, asset.get("id").asString());
        Http.Response redirect = api.get("/v1/assets/" + asset.get("id").asString() + "/content", token);
        assertThat(redirect.status()).isEqualTo(303);
        Http.Response download = Http.fetch(redirect.header("Location"));
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.bytes()).isEqualTo(photo);
        assertThat(download.header("Content-Disposition")).startsWith("attachment;").contains("IMG_0001.jpg");
        assertThat(download.header("Content-Type")).isEqualTo("image/jpeg");

        assertThat(api.delete("/v1/assets/" + asset.get("id").asString(), token).status()).isEqualTo(204);
        assertThat(api.get("/v1/assets/" + asset.get("id").asString(), token).code()).isEqualTo("NOT_FOUND");
        assertThat(Http.fetch(redirect.header("Location")).status()).isEqualTo(404);
    }

    @Test
    public void proxiedUploadStreamsThroughTheServerAndCompletes() {
        String token = tokenFor("bob");
        byte[] photo = TestFiles.png(300, 200);
        JsonNode upload = create(token, "diagram.png", "image/png", photo);

        Http.Response done = api.putContent("/v1/uploads/" + upload.get("uploadId").asString() + "/content", token,
                "image/png", photo);

        assertThat(done.status()).isEqualTo(200);
        assertThat(done.json().get("state").asString()).isEqualTo("AVAILABLE");
        JsonNode ready = awaitReady(token, done.json().get("id").asString());
        Http.Response download = Http.fetch(ready.get("url").asString());
        assertThat(download.bytes()).isEqualTo(photo);
    }
}
