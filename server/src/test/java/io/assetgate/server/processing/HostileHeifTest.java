package io.assetgate.server.processing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.PhoneMedia;
import tools.jackson.databind.JsonNode;

/**
 * Hostile files declared as HEIC: each ends FAILED or QUARANTINED with a reason, the server
 * stays healthy, and the queue goes on (a good HEIC uploaded after them becomes READY).
 */
class HostileHeifTest extends ProcessingServerTest {

    @Test
    void truncatedHeicFailsWithTheDecodersReason() {
        JsonNode done = uploadAndProcess("truncated-owner", "cut.heic", PhoneMedia.truncatedHeic());

        assertThat(done.get("state").asString()).as(done.toString()).isIn("FAILED", "QUARANTINED");
        assertThat(done.get("stateReason").asString()).isNotBlank().doesNotContain("/tmp");
        assertStillHealthyAndWorking();
    }

    @Test
    void heicClaiming60000x60000IsQuarantinedBeforeDecoding() {
        JsonNode done = uploadAndProcess("bomb-owner", "bomb.heic", PhoneMedia.heicClaiming(60000));

        assertThat(done.get("state").asString()).isEqualTo("QUARANTINED");
        assertThat(done.get("stateReason").asString()).contains("60000x60000").contains("limit");
        assertStillHealthyAndWorking();
    }

    @Test
    void zipNamedHeicIsRefusedAtCompleteAndItsAssetFails() {
        String token = tokenFor("zip-owner");
        byte[] zip = PhoneMedia.zip();
        JsonNode upload = create(token, "IMG_0002.heic", "image/heic", zip);
        putToTarget(upload, zip);

        // The leading bytes are checked at complete: no native decoder ever sees the archive.
        Http.Response completed = api.post("/v1/uploads/" + upload.get("uploadId").asString() + "/complete", token,
                null);

        assertThat(completed.code()).isEqualTo("INTEGRITY_MISMATCH");
        JsonNode asset = api.get("/v1/assets/" + upload.get("assetId").asString(), token).json();
        assertThat(asset.get("state").asString()).as(asset.toString()).isEqualTo("FAILED");
        assertThat(asset.get("stateReason").asString()).contains("not image/heic");
        assertStillHealthyAndWorking();
    }

    private JsonNode uploadAndProcess(String owner, String filename, byte[] bytes) {
        String token = tokenFor(owner);
        JsonNode asset = upload(token, filename, "image/heic", bytes);
        return awaitProcessed(token, asset.get("id").asString());
    }

    private void assertStillHealthyAndWorking() {
        assertThat(api.get("/actuator/health", null).json().get("status").asString()).isEqualTo("UP");
        String token = tokenFor("after-hostile");
        JsonNode good = upload(token, "good.heic", "image/heic", PhoneMedia.iphoneHeic(320, 240));
        assertThat(awaitProcessed(token, good.get("id").asString()).get("state").asString()).isEqualTo("READY");
    }
}
