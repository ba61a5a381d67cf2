package io.assetgate.server.processing.image;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import io.assetgate.server.processing.image.codec.TurboJpeg;

/**
 * The {@code imageTools} health component: UP when libvips with libheif runs (HEIC and AVIF)
 * and libturbojpeg is loaded (JPEGs decoded at the size the variants need). Their absence
 * does not take the server down: HEIC and AVIF images are then kept without variants, as
 * before, and JPEGs are decoded whole by ImageIO, slower. So it reports UNKNOWN with the
 * reason, like {@code videoTools}.
 */
@Component("imageToolsHealthIndicator")
class ImageToolsHealth implements HealthIndicator {

    private final HeifDecoder decoder;

    ImageToolsHealth(HeifDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public Health health() {
        boolean heif = decoder.available();
        boolean jpeg = TurboJpeg.available();
        Health.Builder health = heif && jpeg ? Health.up() : Health.unknown();
        health.withDetail("heif", heif ? "vips with libheif"
                : "vips with libheif missing: HEIC and AVIF images are kept without variants or metadata");
        health.withDetail("jpeg", jpeg ? "libturbojpeg (scaled decoding)"
                : TurboJpeg.problem() + ": JPEGs are decoded whole by ImageIO, slower");
        if (!heif || !jpeg) {
            health.withDetail("reason", !heif ? "vips with libheif missing" : "libturbojpeg missing");
        }
        return health.build();
    }
}
