package io.assetgate.server.processing.image;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import io.assetgate.server.processing.ProcessingProperties;
import io.assetgate.server.processing.image.codec.LibWebp;
import io.assetgate.server.processing.image.codec.LittleCms;
import io.assetgate.server.processing.image.codec.TurboJpeg;

/**
 * The {@code imageTools} health component: UP when libvips with libheif runs (HEIC and AVIF),
 * ffmpeg's HEVC decoder runs (HEIC's fast path, unless switched off), and the in-process
 * libraries are loaded: libturbojpeg (JPEGs decoded at the size the variants need), libwebp
 * (WebP variants) and Little CMS (ICC profiles such as Display P3 converted to sRGB). Their
 * absence does not take the server down: HEIC and AVIF images are then kept without variants,
 * as before (without ffmpeg, libheif decodes HEIC, slower), and JPEGs and WebP go through
 * ImageIO, slower. So it
 * reports UNKNOWN with the reasons, like {@code videoTools}.
 */
@Component("imageToolsHealthIndicator")
class ImageToolsHealth implements HealthIndicator {

    private final HeifDecoder decoder;
    private final HevcDecoder hevc;
    private final ProcessingProperties properties;

    ImageToolsHealth(HeifDecoder decoder, HevcDecoder hevc, ProcessingProperties properties) {
        this.decoder = decoder;
        this.hevc = hevc;
        this.properties = properties;
    }

    @Override
    public Health health() {
        List<String> missing = new ArrayList<>();
        boolean heif = decoder.available();
        if (!heif) {
            missing.add("vips with libheif missing: HEIC and AVIF images are kept without variants or metadata");
        }
        boolean fastHevc = hevc.available();
        if (heif && !fastHevc && properties.heif().hevcDecoder().equals("ffmpeg")) {
            missing.add("ffmpeg with its HEVC decoder missing: HEIC images are decoded by libheif, slower");
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
        health.withDetail("hevc", fastHevc ? "ffmpeg" : heif ? "libheif" : "missing");
        health.withDetail("jpeg", TurboJpeg.available() ? "libturbojpeg (scaled decoding)" : "ImageIO");
        health.withDetail("webp", LibWebp.available() ? "libwebp" : "ImageIO");
        health.withDetail("colour", LittleCms.available() ? "Little CMS" : "ImageIO (JPEG only)");
        if (!missing.isEmpty()) {
            health.withDetail("reason", String.join("; ", missing));
        }
        return health.build();
    }
}
