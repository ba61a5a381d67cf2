package io.assetgate.server.processing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.imageio.IIOException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.assetgate.server.asset.Asset;
import io.assetgate.server.asset.AssetMetadata;
import io.assetgate.server.processing.image.ImageHeader;
import io.assetgate.server.processing.image.ImageRenderer;
import io.assetgate.server.processing.image.JpegMetadataStripper;
import io.assetgate.server.processing.scan.Scanner;
import io.assetgate.server.processing.video.VideoTools;
import io.assetgate.server.upload.ContentSniffer;
import io.assetgate.server.upload.UploadProperties;

/**
 * Decides what becomes of an asset from its bytes, in order: the real type (Apache Tika)
 * against the declared and allowed types; active markup hidden behind image magic bytes;
 * malware when a scanner is configured; then, for images, the header limits (pixels, frames)
 * before any decoding, and for videos a probe and a poster frame. Only files on local disk
 * are read; nothing here writes to storage or the database.
 */
@Component
class ContentInspector {

    /** Markup that a browser would run if the bytes were ever served as HTML. */
    private static final Pattern ACTIVE_MARKUP = Pattern.compile("<(script|html|body|iframe|svg|\\?php)[\\s>/]",
            Pattern.CASE_INSENSITIVE);

    private final ContentSniffer sniffer;
    private final UploadProperties uploads;
    private final ProcessingProperties properties;
    private final VideoTools video;
    private final ObjectProvider<Scanner> scanner;
    private final MemoryBudget budget;
    private final HeifInspection heif;

    ContentInspector(ContentSniffer sniffer, UploadProperties uploads, ProcessingProperties properties,
            VideoTools video, ObjectProvider<Scanner> scanner, MemoryBudget budget, HeifInspection heif) {
        this.heif = heif;
        this.sniffer = sniffer;
        this.uploads = uploads;
        this.properties = properties;
        this.video = video;
        this.scanner = scanner;
        this.budget = budget;
    }

    Outcome inspect(Asset asset, Path file, Path workDir) throws IOException, InterruptedException {
        byte[] head = head(file);
        String detected = sniffer.detect(head);
        AssetMetadata typeOnly = new AssetMetadata(null, null, null, null, null, detected);
        String declared = asset.contentType();
        if (!uploads.allowedTypes().contains(declared.toLowerCase(Locale.ROOT))) {
            return new Outcome.Quarantine("the type " + declared + " is not allowed", typeOnly);
        }
        if (!sniffer.matches(declared, head)) {
            return new Outcome.Quarantine("the content is " + detected + ", not " + declared, typeOnly);
        }
        if (ACTIVE_MARKUP.matcher(new String(head, StandardCharsets.ISO_8859_1)).find()) {
            return new Outcome.Quarantine("the content carries HTML or script markup", typeOnly);
        }
        Optional<Scanner> engine = Optional.ofNullable(scanner.getIfAvailable());
        if (engine.isPresent()) {
            Scanner.Verdict verdict = engine.get().scan(file);
            if (verdict.infected()) {
                return new Outcome.Quarantine("malware detected: " + verdict.threat(), typeOnly);
            }
        }
        if (HeifInspection.TYPES.contains(declared.toLowerCase(Locale.ROOT))) {
            return heif.inspect(file, workDir, detected);
        }
        if (declared.startsWith("image/")) {
            return image(file, workDir, detected);
        }
        if (declared.startsWith("video/")) {
            return video(file, workDir, detected, declared.toLowerCase(Locale.ROOT));
        }
        return new Outcome.Keep(typeOnly);
    }

    private Outcome image(Path file, Path workDir, String detected) throws IOException, InterruptedException {
        ImageHeader header;
        try {
            Optional<ImageHeader> read = ImageHeader.read(file, properties.maxFrames());
            if (read.isEmpty()) {
                // A type we accept but cannot decode here (HEIC, AVIF): kept as it is, without variants.
                return new Outcome.Keep(new AssetMetadata(null, null, null, null, null, detected));
            }
            header = read.get();
        } catch (IIOException | RuntimeException e) {
            return new Outcome.Quarantine("the content is not a readable " + detected + " image", null);
        }
        AssetMetadata metadata = new AssetMetadata(header.uprightWidth(), header.uprightHeight(),
                header.orientation(), header.capturedAt(), null, detected);
        // MUST come before any decoding: the header's dimensions are all a decompression bomb can be judged by.
        if (header.width() <= 0 || header.height() <= 0 || header.pixels() > properties.maxPixels()) {
            return new Outcome.Quarantine("the image declares " + header.width() + "x" + header.height()
                    + " pixels, more than the limit of " + properties.maxPixels(), metadata);
        }
        if (header.frames() > properties.maxFrames()) {
            return new Outcome.Quarantine("the image has more frames than the limit of " + properties.maxFrames(),
                    metadata);
        }
        ImageRenderer.Rendering rendering;
        try (var reservation = budget.reserve(ImageRenderer.decodedBytes(header, properties.imageVariants()))) {
            rendering = ImageRenderer.renderAll(file, header, properties.imageVariants(), properties::formatOf,
                    properties.quality());
        }
        List<ImageRenderer.Rendered> variants = rendering.variants();
        metadata = metadata.withPlaceholder(AssetMetadata.Placeholder.thumbHash(rendering.thumbHash()));
        Path stripped = null;
        if (properties.stripOriginalMetadata() && header.format().equals("jpeg")) {
            stripped = workDir.resolve("stripped");
            try (InputStream in = Files.newInputStream(file); OutputStream out = Files.newOutputStream(stripped)) {
                JpegMetadataStripper.strip(in, out, header.orientation());
            }
        }
        return new Outcome.Ready(variants, metadata, stripped);
    }

    private Outcome video(Path file, Path workDir, String detected, String declared) throws IOException, InterruptedException {
        if (!video.available()) {
            return new Outcome.Keep(new AssetMetadata(null, null, null, null, null, detected));
        }
        VideoTools.Probe probe = video.probe(file);
        AssetMetadata metadata = new AssetMetadata(probe.displayWidth(), probe.displayHeight(), null,
                probe.capturedAt(), probe.durationMs(), detected);
        if ((long) probe.width() * probe.height() > properties.maxPixels()) {
            return new Outcome.Quarantine("the video's frames are larger than the pixel limit", metadata);
        }
        Path poster = video.poster(file, probe, workDir);
        ImageHeader header = ImageHeader.read(poster, 1).orElseThrow(() -> new IOException("unreadable poster"));
        Map<String, VariantSpec> spec = Map.of("poster", properties.variants().getOrDefault("poster",
                new VariantSpec(1280, VariantSpec.Fit.INSIDE, null)));
        try (var reservation = budget.reserve(ImageRenderer.decodedBytes(header, spec))) {
            ImageRenderer.Rendering rendering = ImageRenderer.renderAll(poster, header, spec, properties::formatOf,
                    properties.quality());
            return new Outcome.Ready(rendering.variants(),
                    metadata.withPlaceholder(AssetMetadata.Placeholder.thumbHash(rendering.thumbHash())),
                    strippedVideo(file, workDir, declared));
        }
    }

    /** MP4 and MOV originals remuxed without their metadata, when stripping is on; else null. */
    private Path strippedVideo(Path file, Path workDir, String declared) throws IOException {
        if (!properties.stripOriginalMetadata()) {
            return null;
        }
        String muxer = switch (declared) {
            case "video/mp4" -> "mp4";
            case "video/quicktime" -> "mov";
            default -> null;
        };
        return muxer == null ? null : video.stripMetadata(file, muxer, workDir);
    }

    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(ContentSniffer.PROBE_BYTES);
        }
    }
}
