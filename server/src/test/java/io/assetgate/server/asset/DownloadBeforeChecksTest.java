package io.assetgate.server.asset;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.ServerTest;
import io.assetgate.server.support.TestFiles;
import tools.jackson.databind.JsonNode;

/**
 * Nothing is downloadable until the configured checks have passed: an AVAILABLE asset (verified
 * against its declaration, not yet inspected or scanned) has no URL and its content answers 409.
 * Processing is off on this instance, so the asset stays AVAILABLE for as long as the test looks.
 */
@TestPropertySource(properties = "assetgate.processing.enabled=false")
class DownloadBeforeChecksTest extends ServerTest {

    private static final byte[] PHOTO = TestFiles.jpeg(80, 60);

    @Test
    void anAssetWhoseChecksHaveNotRunIsNotDownloadable() {
        String token = tokenFor("impatient");
        JsonNode asset = upload(token, "unchecked.jpg", "image/jpeg", PHOTO);
        String id = asset.get("id").asString();

        assertThat(asset.get("state").asString()).isEqualTo("AVAILABLE");
        assertThat(asset.get("url").isNull()).as("no URL in the complete answer").isTrue();
        assertThat(api.get("/v1/assets/" + id, token).json().get("url").isNull()).as("nor in GET").isTrue();
        Http.Response content = api.get("/v1/assets/" + id + "/content", token);
        assertThat(content.status()).isEqualTo(409);
        assertThat(content.code()).isEqualTo("ASSET_NOT_DOWNLOADABLE");
        assertThat(api.get("/v1/assets?limit=10", token).json().get("items").get(0).get("url").isNull()).isTrue();
    }
}
