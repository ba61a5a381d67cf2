package io.assetgate.server.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.PhoneMedia;
import io.assetgate.server.support.TestMedia;
import tools.jackson.databind.JsonNode;

/**
 * Phone videos (HEVC in QuickTime, H.264 in MP4) turned by a display matrix: the size as
 * displayed, the duration, an upright poster, and an original remuxed without its location.
 */
class PhoneVideoTest extends ProcessingServerTest {

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({"libx265,mov,video/quicktime", "libx264,mp4,video/mp4"})
    void rotatedPhoneVideoIsShownUprightAndLosesItsLocation(String codec, String extension, String type) {
        String token = tokenFor("video-" + extension);
        byte[] clip = PhoneMedia.phoneVideo(codec, extension);
        // MOV keeps the location as GPSCoordinates (©xyz), MP4 as 3GPP LocationInformation (loci).
        assertThat(PhoneMedia.videoMetadata(clip)).as("the test clip").containsAnyOf("GPSCoordinates", "Lat=48.8584")
                .contains("Rotation                        : 90");

        JsonNode asset = upload(token, "IMG_0001." + extension, type, clip);
        JsonNode ready = awaitProcessed(token, asset.get("id").asString());

        assertThat(ready.get("state").asString()).as(ready.toString()).isEqualTo("READY");
        JsonNode metadata = ready.get("metadata");
        assertThat(metadata.get("width").asInt()).isEqualTo(240);
        assertThat(metadata.get("height").asInt()).isEqualTo(320);
        assertThat(metadata.get("durationMs").asLong()).isBetween(1900L, 2100L);
        assertThat(metadata.get("capturedAt").asString()).isEqualTo("2024-05-17T10:30:00Z");
        assertThat(metadata.get("placeholder").get("kind").asString()).isEqualTo("thumbhash");
        JsonNode poster = ready.get("variants").get("poster");
        assertThat(poster.get("width").asInt()).isEqualTo(240);
        assertThat(poster.get("height").asInt()).isEqualTo(320);
        BufferedImage frame = TestMedia.decode(download(token, asset, "poster"));
        PhoneFormatsTest.assertMatchesReference(frame, PhoneFormatsTest.rotateClockwise(TestMedia.marked(320, 240)));

        byte[] original = download(token, asset, null);
        String left = PhoneMedia.videoMetadata(original);
        assertThat(left).doesNotContain("GPS").doesNotContain("Location").doesNotContain("48.858")
                .doesNotContain("2024:05:17")
                // the display matrix is how to show the picture, not metadata: it stays
                .contains("Rotation                        : 90");
        assertThat(ready.get("size").asLong()).isEqualTo(original.length);
    }

    private byte[] download(String token, JsonNode asset, String variant) {
        Http.Response redirect = api.get("/v1/assets/" + asset.get("id").asString() + "/content"
                + (variant == null ? "" : "?variant=" + variant), token);
        assertThat(redirect.status()).isEqualTo(303);
        return Http.fetch(redirect.header("Location")).bytes();
    }
}
