package io.assetgate.server.processing.image;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code imageTools} health component: UP when libvips with libheif runs, for HEIC and
 * AVIF. Their absence does not take the server down (those images are kept without variants,
 * as before), so it reports UNKNOWN with the reason, like {@code videoTools}.
 */
@Component("imageToolsHealthIndicator")
class ImageToolsHealth implements HealthIndicator {

    private final HeifDecoder decoder;

    ImageToolsHealth(HeifDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public Health health() {
        return decoder.available() ? Health.up().withDetail("heif", "vips with libheif").build()
                : Health.unknown().withDetail("reason",
                        "vips with libheif missing: HEIC and AVIF images are kept without variants or metadata")
                        .build();
    }
}
