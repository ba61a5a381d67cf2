package io.assetgate.server.asset;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.ServerTest;
import io.assetgate.server.support.TestFiles;
import tools.jackson.databind.JsonNode;

/**
 * The former behaviour, kept as an explicit setting: with
 * {@code assetgate.processing.download-before-checks=true} an AVAILABLE asset is downloadable
 * before processing ran (processing is off here, so it stays AVAILABLE).
 */
@TestPropertySource(properties = {"assetgate.processing.enabled=false",
    "assetgate.processing.download-before-checks=true"})
class DownloadBeforeChecksAllowedTest extends ServerTest {

    @Test
    void anAvailableAssetIsDownloadableWhenTheSettingAllowsIt() {
        byte[] photo = TestFiles.jpeg(80, 60);
        String token = tokenFor("allowed");
        JsonNode asset = upload(token, "early.jpg", "image/jpeg", photo);

        assertThat(asset.get("state").asString()).isEqualTo("AVAILABLE");
        assertThat(Http.fetch(asset.get("url").asString()).bytes()).isEqualTo(photo);
        Http.Response content = api.get("/v1/assets/" + asset.get("id").asString() + "/content", token);
        assertThat(content.status()).isEqualTo(303);
    }
}
