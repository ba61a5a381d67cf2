package io.assetgate.server.processing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.assetgate.server.asset.AssetMetadata;
import io.assetgate.server.processing.image.HeifDecoder;
import io.assetgate.server.processing.image.HevcDecoder;
import io.assetgate.server.processing.image.ImageHeader;
import io.assetgate.server.processing.image.ImageRenderer;
import io.assetgate.server.processing.image.heif.HeifHeader;
import io.assetgate.server.processing.image.heif.HeifRewriter;
import io.assetgate.server.processing.image.heif.HevcImage;

/**
 * HEIC, HEIF and AVIF: the container header is read in Java and checked against the pixel
 * limit, then a child process decodes the image: ffmpeg's HEVC decoder for the HEIC layouts
 * {@link HevcImage} reads ({@link HevcDecoder}, the fast path), libheif through libvips for
 * everything else and whatever the fast path refuses ({@link HeifDecoder}). The Java pipeline
 * makes the variants and the placeholder from the upright image. Without the native tools, such
 * images are kept as they are, as before, and {@code /actuator/health} says so.
 */
@Component
class HeifInspection {

    static final Set<String> TYPES = Set.of("image/heic", "image/heif", "image/avif", "image/heic-sequence",
            "image/heif-sequence");

    private static final Logger log = LoggerFactory.getLogger(HeifInspection.class);

    private final HeifDecoder decoder;
    private final HevcDecoder hevc;
    private final ProcessingProperties properties;
    private final MemoryBudget budget;

    HeifInspection(HeifDecoder decoder, HevcDecoder hevc, ProcessingProperties properties, MemoryBudget budget) {
        this.decoder = decoder;
        this.hevc = hevc;
        this.properties = properties;
        this.budget = budget;
    }

    Outcome inspect(Path file, Path workDir, String detected) throws IOException, InterruptedException {
        if (!decoder.available()) {
            return new Outcome.Keep(new AssetMetadata(null, null, null, null, null, detected));
        }
        HeifHeader header;
        try {
            header = HeifHeader.read(file);
        } catch (IllegalArgumentException e) {
            return new Outcome.Quarantine("the content is not a readable HEIF image: " + e.getMessage(), null);
        }
        // The container's transforms are applied by the decoder; the EXIF orientation MUST NOT be applied again.
        AssetMetadata metadata = new AssetMetadata(header.displayWidth(), header.displayHeight(), null,
                ImageHeader.exifCapturedAt(file), null, detected);
        // MUST come before any decoding: the header's dimensions are all a decompression bomb can be judged by.
        if (header.pixels() > properties.maxPixels()) {
            return new Outcome.Quarantine("the image declares " + header.width() + "x" + header.height()
                    + " pixels, more than the limit of " + properties.maxPixels(), metadata);
        }
        // The child keeps the pixels in the image's own colour space (Display P3 on iPhones): converted here.
        byte[] icc = HeifHeader.iccProfile(file);
        ImageRenderer.Rendering rendering = header.format().equals("heic") ? withFfmpeg(file, header, workDir, icc)
                : null;
        if (rendering == null) {
            int longSide = ImageRenderer.longSideNeeded(header.displayWidth(), header.displayHeight(),
                    properties.imageVariants());
            Path png;
            try {
                png = decoder.decodeUpright(file, longSide, workDir);
            } catch (HeifDecoder.Refused e) {
                return new Outcome.Fail(e.getMessage(), metadata);
            }
            rendering = fromPng(png, icc);
        }
        Path stripped = null;
        if (properties.stripOriginalMetadata()) {
            Path candidate = workDir.resolve("stripped");
            stripped = HeifRewriter.stripMetadata(file, candidate) ? candidate : null;
        }
        return new Outcome.Ready(rendering.variants(),
                metadata.withPlaceholder(AssetMetadata.Placeholder.thumbHash(rendering.thumbHash())), stripped);
    }

    /**
     * The variants through ffmpeg's HEVC decoder ({@link HevcDecoder}), or null when that path is
     * off, or refuses the file or fails on it: libheif then decides, and its verdict (a clear
     * refusal of a corrupt file included) is the one the owner sees.
     */
    private ImageRenderer.Rendering withFfmpeg(Path file, HeifHeader header, Path workDir, byte[] icc)
            throws InterruptedException {
        if (!hevc.available()) {
            return null;
        }
        try {
            HevcImage image = HevcImage.read(file);
            // The pixel limit was checked on the header's size: decode nothing larger.
            if (image.width() != header.width() || image.height() != header.height()) {
                throw new IllegalArgumentException("the grid is " + image.width() + "x" + image.height()
                        + ", its ispe " + header.width() + "x" + header.height());
            }
            int factor = HevcDecoder.factorFor(image, header.displayWidth(), header.displayHeight(),
                    properties.imageVariants());
            long bytes = (long) Math.ceilDiv(image.width(), factor) * Math.ceilDiv(image.height(), factor) * 4 * 3;
            try (var reservation = budget.reserve(bytes)) {
                BufferedImage upright = hevc.decodeUpright(file, image, factor, workDir);
                return ImageRenderer.renderAll(upright, properties.imageVariants(), properties::formatOf,
                        properties.quality(), icc);
            }
        } catch (IllegalArgumentException | IOException e) {
            log.info("HEIC not decoded by ffmpeg, libheif decodes it: {}", e.getMessage());
            return null;
        }
    }

    private ImageRenderer.Rendering fromPng(Path png, byte[] icc) throws IOException, InterruptedException {
        ImageHeader decoded = ImageHeader.read(png, 1).orElseThrow(() -> new IOException("unreadable decoded image"));
        // The decoded PNG carries no EXIF: upright as it is.
        ImageHeader upright = new ImageHeader("png", decoded.width(), decoded.height(), 1, 1, null);
        try (var reservation = budget.reserve(ImageRenderer.decodedBytes(upright, properties.imageVariants()))) {
            return ImageRenderer.renderAll(png, upright, properties.imageVariants(), properties::formatOf,
                    properties.quality(), icc);
        }
    }
}
