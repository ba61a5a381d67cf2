package io.assetgate.server.processing.video;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

import io.assetgate.server.processing.ProcessingProperties;

/** The video tools as child processes: present (Debian's ffmpeg) and missing. */
class VideoToolsTest {

    @Test
    void installedToolsAreAvailableAndHealthy() {
        VideoTools tools = new VideoTools(properties("ffmpeg", "ffprobe"));

        assertThat(tools.available()).isTrue();
        assertThat(new VideoToolsHealth(tools).health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void missingToolsAreReportedByHealthWithoutTakingTheServerDown() {
        VideoTools tools = new VideoTools(properties("no-such-ffmpeg", "no-such-ffprobe"));

        assertThat(tools.available()).isFalse();
        var health = new VideoToolsHealth(tools).health();
        assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
        assertThat(health.getDetails().get("reason").toString()).contains("ffmpeg/ffprobe missing");
    }

    private static ProcessingProperties properties(String ffmpeg, String ffprobe) {
        return new ProcessingProperties(true, Map.of(), "webp", 82, 100_000_000, 500, false, "move", 5,
                Duration.ofSeconds(10), 2, Duration.ofSeconds(1), Duration.ofSeconds(30),
                new ProcessingProperties.Scan(null, 3310, Duration.ofSeconds(60)),
                new ProcessingProperties.Video(ffmpeg, ffprobe, Duration.ofSeconds(1), Duration.ofSeconds(60)),
                new ProcessingProperties.Heif("vips", Duration.ofSeconds(60),
                        org.springframework.util.unit.DataSize.ofGigabytes(3), "ffmpeg"), 12,
                Duration.ofSeconds(5));
    }
}
