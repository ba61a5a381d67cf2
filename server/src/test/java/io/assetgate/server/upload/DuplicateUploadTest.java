package io.assetgate.server.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.ServerTest;
import io.assetgate.server.support.TestFiles;
import tools.jackson.databind.JsonNode;

/**
 * {@code "onDuplicate": "reuse"} over real HTTP. The quota allows each owner one asset, so an
 * answer that reserved anything would be refused with QUOTA_EXCEEDED.
 */
class DuplicateUploadTest extends ServerTest {

    @DynamicPropertySource
    static void oneAssetEach(DynamicPropertyRegistry registry) {
        registry.add("assetgate.limits.quota-assets", () -> "1");
    }

    private static Map<String, Object> reuse(String filename, byte[] bytes, String onDuplicate) {
        Map<String, Object> body = declaration(filename, "image/jpeg", bytes);
        body.put("onDuplicate", onDuplicate);
        return body;
    }

    @Test
    void sameOwnerSameChecksumAnswersTheExistingAssetWithoutSigningOrReserving() {
        String token = tokenFor("dup-ann");
        byte[] photo = TestFiles.jpeg(48, 32);
        JsonNode first = upload(token, "IMG_0001.jpg", "image/jpeg", photo);

        Http.Response again = api.post("/v1/uploads", token, reuse("IMG_0001 copy.jpg", photo, "reuse"));

        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        JsonNode body = again.json();
        assertThat(body.get("assetId").asString()).isEqualTo(first.get("id").asString());
        assertThat(body.get("state").asString()).isEqualTo("COMPLETED");
        assertThat(body.get("mode").asString()).isEqualTo("EXISTING");
        assertThat(body.has("target")).isFalse();
        assertThat(body.has("uploadId")).isFalse();
        assertThat(body.has("expiresAt")).isFalse();
        // Quota of one asset is used up by the first: a normal create is refused, so the
        // duplicate answer above cannot have reserved anything.
        Http.Response normal = api.post("/v1/uploads", token, reuse("other.jpg", TestFiles.jpeg(20, 20), "upload"));
        assertThat(normal.code()).isEqualTo("QUOTA_EXCEEDED");
        // Only one asset exists for the owner.
        assertThat(api.get("/v1/assets", token).json().get("items").size()).isEqualTo(1);
    }

    @Test
    void anotherOwnerWithTheSameChecksumGetsANormalUpload() {
        byte[] photo = TestFiles.jpeg(50, 30);
        JsonNode mine = upload(tokenFor("dup-bob"), "a.jpg", "image/jpeg", photo);

        Http.Response theirs = api.post("/v1/uploads", tokenFor("dup-cat"), reuse("a.jpg", photo, "reuse"));

        assertThat(theirs.status()).isEqualTo(201);
        assertThat(theirs.json().get("mode").asString()).isEqualTo("SINGLE");
        assertThat(theirs.json().get("assetId").asString()).isNotEqualTo(mine.get("id").asString());
        assertThat(theirs.json().has("target")).isTrue();
    }

    @Test
    void withoutTheFieldOrWithUploadNothingChanges() {
        String token = tokenFor("dup-dan");
        byte[] photo = TestFiles.jpeg(30, 50);
        upload(token, "a.jpg", "image/jpeg", photo);

        Http.Response plain = api.post("/v1/uploads", tokenFor("dup-dan"), declaration("a.jpg", "image/jpeg", photo));
        Http.Response explicit = api.post("/v1/uploads", token, reuse("a.jpg", photo, "upload"));

        // Both are ordinary creates: refused only by the one-asset quota, never answered EXISTING.
        assertThat(plain.code()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(explicit.code()).isEqualTo("QUOTA_EXCEEDED");
    }

    @Test
    void aPendingUploadIsNoDuplicate() {
        String token = tokenFor("dup-eve");
        byte[] photo = TestFiles.jpeg(40, 44);
        Http.Response first = api.post("/v1/uploads", token, declaration("a.jpg", "image/jpeg", photo));
        api.delete("/v1/uploads/" + first.json().get("uploadId").asString(), token);
        Http.Response pending = api.post("/v1/uploads", token, declaration("a.jpg", "image/jpeg", photo));

        Http.Response again = api.post("/v1/uploads", token, reuse("a.jpg", photo, "reuse"));

        assertThat(pending.status()).isEqualTo(201);
        // Not verified yet: no match, so an ordinary create, refused by the quota the pending one holds.
        assertThat(again.code()).isEqualTo("QUOTA_EXCEEDED");
    }

    @Test
    void refusesAnUnknownOnDuplicateValue() {
        byte[] photo = TestFiles.jpeg(10, 10);

        Http.Response response = api.post("/v1/uploads", tokenFor("dup-fay"), reuse("a.jpg", photo, "skip"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(response.json().get("errors").toString()).contains("\"onDuplicate\"");
    }
}
