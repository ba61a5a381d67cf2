package io.assetgate.server.processing.image;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import io.assetgate.server.processing.image.codec.LibWebp;
import io.assetgate.server.processing.image.codec.LittleCms;
import io.assetgate.server.processing.image.codec.TurboJpeg;

/**
 * The {@code imageTools} health component: UP when libvips with libheif runs (HEIC and AVIF)
 * and the in-process libraries are loaded: libturbojpeg (JPEGs decoded at the size the
 * variants need), libwebp (WebP variants) and Little CMS (ICC profiles such as Display P3
 * converted to sRGB). Their absence does not take the server down: HEIC and AVIF images are
 * then kept without variants, as before, and JPEGs and WebP go through ImageIO, slower. So it
 * reports UNKNOWN with the reasons, like {@code videoTools}.
 */
@Component("imageToolsHealthIndicator")
class ImageToolsHealth implements HealthIndicator {

    private final HeifDecoder decoder;

    ImageToolsHealth(HeifDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public Health health() {
        List<String> missing = new ArrayList<>();
        boolean heif = decoder.available();
        if (!heif) {
            missing.add("vips with libheif missing: HEIC and AVIF images are kept without variants or metadata");
        }
        if (!TurboJpeg.available()) {
            missing.add(TurboJpeg.problem() + ": JPEGs are decoded whole by ImageIO, slower");
        }
        if (!LibWebp.available()) {
            missing.add(LibWebp.problem() + ": WebP variants are encoded by ImageIO's writer, slower");
        }
        if (!LittleCms.available()) {
            missing.add(LittleCms.problem() + ": tagged JPEGs are decoded whole by ImageIO, and the colour profiles"
                    + " of HEIC and AVIF images are not applied");
        }
        Health.Builder health = missing.isEmpty() ? Health.up() : Health.unknown();
        health.withDetail("heif", heif ? "vips with libheif" : "missing");
        health.withDetail("jpeg", TurboJpeg.available() ? "libturbojpeg (scaled decoding)" : "ImageIO");
        health.withDetail("webp", LibWebp.available() ? "libwebp" : "ImageIO");
        health.withDetail("colour", LittleCms.available() ? "Little CMS" : "ImageIO (JPEG only)");
        if (!missing.isEmpty()) {
            health.withDetail("reason", String.join("; ", missing));
        }
        return health.build();
    }
}
