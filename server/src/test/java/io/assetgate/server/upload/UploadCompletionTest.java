package io.assetgate.server.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.ServerTest;
import io.assetgate.server.support.TestFiles;
import tools.jackson.databind.JsonNode;

/** Verification at complete, repeated completes, aborts and owner isolation, over real HTTP. */
class UploadCompletionTest extends ServerTest {

    @Test
    void completingTwiceAnswersTheSameAsset() {
        String token = tokenFor("hana");
        byte[] photo = TestFiles.jpeg(50, 50);
        JsonNode upload = create(token, "a.jpg", "image/jpeg", photo);
        putToTarget(upload, photo);
        String path = "/v1/uploads/" + upload.get("uploadId").asString() + "/complete";

        Http.Response first = api.post(path, token, null);
        Http.Response second = api.post(path, token, null);

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
        assertThat(second.json().get("state").asString()).isEqualTo("AVAILABLE");
    }

    @Test
    void contentThatIsNotWhatItClaimsFailsIntegrityAndIsDeleted() {
        String token = tokenFor("hana");
        byte[] html = "<html><script>alert(1)</script></html>".repeat(20).getBytes(StandardCharsets.UTF_8);
        JsonNode upload = create(token, "cat.jpg", "image/jpeg", html);
        assertThat(putToTarget(upload, html).status()).isEqualTo(200);
        String id = upload.get("uploadId").asString();

        Http.Response completed = api.post("/v1/uploads/" + id + "/complete", token, null);

        assertThat(completed.status()).isEqualTo(422);
        assertThat(completed.code()).isEqualTo("INTEGRITY_MISMATCH");
        JsonNode after = api.get("/v1/uploads/" + id, token).json();
        assertThat(after.get("state").asString()).isEqualTo("FAILED");
        assertThat(after.has("target")).isFalse();
        assertThat(api.get("/v1/assets/" + upload.get("assetId").asString(), token).json().get("state").asString())
                .isEqualTo("FAILED");
        assertThat(api.post("/v1/uploads/" + id + "/complete", token, null).code()).isEqualTo("UPLOAD_NOT_PENDING");
    }

    @Test
    void proxiedBodyThatDiffersFromTheDeclaredChecksumIsRefused() {
        String token = tokenFor("hana");
        byte[] declared = TestFiles.jpeg(60, 60);
        byte[] sent = TestFiles.jpeg(61, 60);
        JsonNode upload = api.post("/v1/uploads", token, declaration("x.jpg", "image/jpeg", declared)).json();
        byte[] sameLength = java.util.Arrays.copyOf(sent, declared.length);

        Http.Response response = api.putContent("/v1/uploads/" + upload.get("uploadId").asString() + "/content", token,
                "image/jpeg", sameLength);

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.code()).isEqualTo("INTEGRITY_MISMATCH");
    }

    @Test
    void completeBeforeTheBytesArriveIsIncomplete() {
        String token = tokenFor("hana");
        JsonNode upload = create(token, "a.jpg", "image/jpeg", TestFiles.jpeg(20, 20));

        Http.Response response = api.post("/v1/uploads/" + upload.get("uploadId").asString() + "/complete", token, null);

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.code()).isEqualTo("UPLOAD_INCOMPLETE");
    }

    @Test
    void abortFreesTheUploadAndIsIdempotent() {
        String token = tokenFor("hana");
        byte[] photo = TestFiles.jpeg(20, 20);
        JsonNode upload = create(token, "a.jpg", "image/jpeg", photo);
        putToTarget(upload, photo);
        String id = upload.get("uploadId").asString();

        assertThat(api.delete("/v1/uploads/" + id, token).status()).isEqualTo(204);
        assertThat(api.delete("/v1/uploads/" + id, token).status()).isEqualTo(204);

        assertThat(api.get("/v1/uploads/" + id, token).json().get("state").asString()).isEqualTo("ABORTED");
        assertThat(api.post("/v1/uploads/" + id + "/complete", token, null).code()).isEqualTo("UPLOAD_NOT_PENDING");
        assertThat(api.get("/v1/assets/" + upload.get("assetId").asString(), token).code()).isEqualTo("NOT_FOUND");
    }

    @Test
    void anotherOwnersIdsAnswerNotFoundEverywhere() {
        String owner = tokenFor("ivan");
        String stranger = tokenFor("judy");
        byte[] photo = TestFiles.jpeg(30, 30);
        JsonNode pending = create(owner, "p.jpg", "image/jpeg", photo);
        JsonNode asset = upload(owner, "a.jpg", "image/jpeg", photo);
        String uploadId = pending.get("uploadId").asString();
        String assetId = asset.get("id").asString();

        assertThat(api.get("/v1/uploads/" + uploadId, stranger).code()).isEqualTo("NOT_FOUND");
        assertThat(api.post("/v1/uploads/" + uploadId + "/complete", stranger, null).code()).isEqualTo("NOT_FOUND");
        assertThat(api.putContent("/v1/uploads/" + uploadId + "/content", stranger, "image/jpeg", photo).code())
                .isEqualTo("NOT_FOUND");
        assertThat(api.delete("/v1/uploads/" + uploadId, stranger).code()).isEqualTo("NOT_FOUND");
        assertThat(api.get("/v1/assets/" + assetId, stranger).code()).isEqualTo("NOT_FOUND");
        assertThat(api.get("/v1/assets/" + assetId + "/content", stranger).code()).isEqualTo("NOT_FOUND");
        assertThat(api.delete("/v1/assets/" + assetId, stranger).code()).isEqualTo("NOT_FOUND");
        assertThat(api.get("/v1/assets", stranger).json().get("items").toString()).doesNotContain(assetId);

        assertThat(api.get("/v1/assets/" + assetId, owner).status()).isEqualTo(200);
        assertThat(api.get("/v1/uploads/" + uploadId, owner).json().get("state").asString()).isEqualTo("PENDING");
    }

    @Test
    void listingPagesNewestFirstWithACursor() {
        String token = tokenFor("kim");
        String first = upload(token, "1.jpg", "image/jpeg", TestFiles.jpeg(10, 10)).get("id").asString();
        String second = upload(token, "2.jpg", "image/jpeg", TestFiles.jpeg(11, 10)).get("id").asString();
        String third = upload(token, "3.jpg", "image/jpeg", TestFiles.jpeg(12, 10)).get("id").asString();

        JsonNode page1 = api.get("/v1/assets?limit=2", token).json();
        JsonNode page2 = api.get("/v1/assets?limit=2&cursor=" + page1.get("nextCursor").asString(), token).json();

        assertThat(page1.get("items").get(0).get("id").asString()).isEqualTo(third);
        assertThat(page1.get("items").get(1).get("id").asString()).isEqualTo(second);
        assertThat(page2.get("items").size()).isEqualTo(1);
        assertThat(page2.get("items").get(0).get("id").asString()).isEqualTo(first);
        assertThat(page2.get("nextCursor").isNull()).isTrue();
        assertThat(api.get("/v1/assets?cursor=garbage!", token).code()).isEqualTo("VALIDATION_FAILED");
        assertThat(api.get("/v1/assets?limit=0", token).code()).isEqualTo("VALIDATION_FAILED");
    }
}
