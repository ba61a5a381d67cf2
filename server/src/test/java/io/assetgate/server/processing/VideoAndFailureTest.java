package io.assetgate.server.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;

import io.assetgate.server.processing.image.ThumbHashDecoder;
import io.assetgate.server.support.Http;
import io.assetgate.server.support.TestMedia;
import tools.jackson.databind.JsonNode;

/** A video through ffmpeg, the health of the video tools, and a job that keeps failing. */
class VideoAndFailureTest extends ProcessingServerTest {

    @Test
    void mp4MadeByFfmpegGetsAPosterAndItsDuration() {
        String token = tokenFor("video-owner");
        JsonNode asset = upload(token, "clip.mp4", "video/mp4", TestMedia.mp4());

        JsonNode ready = awaitProcessed(token, asset.get("id").asString());

        assertThat(ready.get("state").asString()).isEqualTo("READY");
        JsonNode poster = ready.get("variants").get("poster");
        assertThat(poster.get("width").asInt()).isEqualTo(320);
        assertThat(poster.get("height").asInt()).isEqualTo(240);
        assertThat(ready.get("metadata").get("durationMs").asLong()).isBetween(1900L, 2100L);
        JsonNode placeholder = ready.get("metadata").get("placeholder");
        assertThat(placeholder.get("kind").asString()).isEqualTo("thumbhash");
        assertThat(ThumbHashDecoder.aspectRatio(ThumbHashDecoder.bytes(placeholder.get("value").asString())))
                .isCloseTo(4 / 3.0, within(0.1));
        Http.Response redirect = api.get("/v1/assets/" + asset.get("id").asString() + "/content?variant=poster",
                token);
        BufferedImage frame = TestMedia.decode(Http.fetch(redirect.header("Location")).bytes());
        assertThat(frame.getWidth()).isEqualTo(320);
    }

    @Test
    void healthReportsTheVideoTools() {
        JsonNode health = api.get("/actuator/health", null).json();
        assertThat(health.get("components").get("videoTools").get("status").asString()).isEqualTo("UP");
    }

    @Test
    void jobThatKeepsFailingEndsFailedWithItsReason() {
        String token = tokenFor("corrupt-owner");
        // Its header passes every check; its pixel data cannot be decoded, so every attempt fails.
        JsonNode asset = upload(token, "broken.png", "image/png", TestMedia.pngWithCorruptData(64));

        JsonNode failed = awaitProcessed(token, asset.get("id").asString());

        assertThat(failed.get("state").asString()).isEqualTo("FAILED");
        assertThat(failed.get("stateReason").asString()).startsWith("processing failed:");
        assertThat(api.get("/v1/assets/" + asset.get("id").asString() + "/content", token).status()).isEqualTo(409);
    }
}
