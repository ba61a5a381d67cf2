package io.assetgate.server.processing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.assetgate.server.asset.AssetMetadata;
import io.assetgate.server.processing.image.HeifDecoder;
import io.assetgate.server.processing.image.ImageHeader;
import io.assetgate.server.processing.image.ImageRenderer;
import io.assetgate.server.processing.image.heif.HeifHeader;
import io.assetgate.server.processing.image.heif.HeifRewriter;

/**
 * HEIC, HEIF and AVIF: the container header is read in Java and checked against the pixel
 * limit, then a child process decodes the image upright ({@link HeifDecoder}), and the Java
 * pipeline makes the variants and the placeholder from that. Without the native tools, such
 * images are kept as they are, as before, and {@code /actuator/health} says so.
 */
@Component
class HeifInspection {

    static final Set<String> TYPES = Set.of("image/heic", "image/heif", "image/avif", "image/heic-sequence",
            "image/heif-sequence");

    private final HeifDecoder decoder;
    private final ProcessingProperties properties;
    private final MemoryBudget budget;

    HeifInspection(HeifDecoder decoder, ProcessingProperties properties, MemoryBudget budget) {
        this.decoder = decoder;
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
        int longSide = ImageRenderer.longSideNeeded(header.displayWidth(), header.displayHeight(),
                properties.imageVariants());
        Path png;
        try {
            png = decoder.decodeUpright(file, longSide, workDir);
        } catch (HeifDecoder.Refused e) {
            return new Outcome.Fail(e.getMessage(), metadata);
        }
        ImageHeader decoded = ImageHeader.read(png, 1).orElseThrow(() -> new IOException("unreadable decoded image"));
        // The decoded PNG carries no EXIF: upright as it is.
        ImageHeader upright = new ImageHeader("png", decoded.width(), decoded.height(), 1, 1, null);
        ImageRenderer.Rendering rendering;
        try (var reservation = budget.reserve(ImageRenderer.decodedBytes(upright, properties.imageVariants()))) {
            // The child keeps the pixels in the image's own colour space (Display P3 on iPhones): converted here.
            rendering = ImageRenderer.renderAll(png, upright, properties.imageVariants(), properties::formatOf,
                    properties.quality(), HeifHeader.iccProfile(file));
        }
        Path stripped = null;
        if (properties.stripOriginalMetadata()) {
            Path candidate = workDir.resolve("stripped");
            stripped = HeifRewriter.stripMetadata(file, candidate) ? candidate : null;
        }
        return new Outcome.Ready(rendering.variants(),
                metadata.withPlaceholder(AssetMetadata.Placeholder.thumbHash(rendering.thumbHash())), stripped);
    }
}
