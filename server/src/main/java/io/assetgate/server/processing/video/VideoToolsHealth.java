package io.assetgate.server.processing.video;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code videoTools} health component: UP when ffmpeg and ffprobe run. Their absence does
 * not take the server down (videos simply get no poster), so it reports UNKNOWN with a reason.
 */
@Component("videoToolsHealthIndicator")
class VideoToolsHealth implements HealthIndicator {

    private final VideoTools tools;

    VideoToolsHealth(VideoTools tools) {
        this.tools = tools;
    }

    @Override
    public Health health() {
        return tools.available() ? Health.up().build()
                : Health.unknown().withDetail("reason", "ffmpeg/ffprobe missing: videos get no poster").build();
    }
}
