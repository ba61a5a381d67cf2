package io.assetgate.server.processing;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the processing pipeline ({@code assetgate.processing.*}).
 *
 * @param enabled whether this instance runs processing and delivery jobs (jobs are still enqueued when off)
 * @param variants named image variants; {@code thumbnail} and {@code preview} are always defined and may be
 *     overridden
 * @param format output format of variants that do not name one: {@code webp} or {@code jpeg}
 * @param quality encoder quality, 1 to 100
 * @param maxPixels images whose header declares more pixels than this are quarantined before decoding
 * @param maxFrames animated or multi-frame images with more frames are quarantined
 * @param stripOriginalMetadata rewrite originals without their metadata, never re-encoding: JPEG without its
 *     metadata segments, HEIC/AVIF without Exif and XMP items, MP4/MOV remuxed without location and user data
 * @param quarantine what happens to a quarantined object: {@code move} (to {@code quarantine/}) or
 *     {@code delete}
 * @param maxAttempts attempts of a processing job before the asset becomes FAILED
 * @param retryBackoff delay before the first retry; doubles at each attempt
 * @param threads worker threads; images decoded at once are further limited by heap
 * @param pollingInterval how often an instance looks for due jobs
 * @param heartbeatInterval how often a running job proves its worker alive; a job whose worker missed
 *     several heartbeats (a crashed JVM) runs again elsewhere
 * @param scan malware scanning through clamd
 * @param video video tools
 * @param heif the native decoder of HEIC and AVIF
 * @param webhookMaxAttempts attempts of one webhook delivery before it is given up
 * @param webhookBackoff delay before the first webhook retry; doubles at each attempt
 */
@ConfigurationProperties("assetgate.processing")
public record ProcessingProperties(
        @DefaultValue(ProcessingProperties.ENABLED_DEFAULT) boolean enabled,
        Map<String, VariantSpec> variants,
        @DefaultValue("webp") String format,
        @DefaultValue("82") int quality,
        @DefaultValue("100000000") long maxPixels,
        @DefaultValue("500") int maxFrames,
        @DefaultValue("false") boolean stripOriginalMetadata,
        @DefaultValue("move") String quarantine,
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("10s") Duration retryBackoff,
        @DefaultValue("2") int threads,
        @DefaultValue("1s") Duration pollingInterval,
        @DefaultValue("30s") Duration heartbeatInterval,
        @DefaultValue Scan scan,
        @DefaultValue Video video,
        @DefaultValue Heif heif,
        @DefaultValue("12") int webhookMaxAttempts,
        @DefaultValue("5s") Duration webhookBackoff) {

    /** The setting that turns processing on or off, as {@link JobsConfig} reads it before binding. */
    static final String ENABLED = "assetgate.processing.enabled";

    /** {@code enabled}'s default. */
    static final String ENABLED_DEFAULT = "true";

    /** The default variants (docs/api.md). */
    public static final Map<String, VariantSpec> DEFAULT_VARIANTS = Map.of(
            "thumbnail", new VariantSpec(256, VariantSpec.Fit.COVER, null),
            "preview", new VariantSpec(1280, VariantSpec.Fit.INSIDE, null));

    public ProcessingProperties {
        Map<String, VariantSpec> merged = new LinkedHashMap<>(DEFAULT_VARIANTS);
        if (variants != null) {
            merged.putAll(variants);
        }
        // Names become part of object keys and URLs: keep them to a safe alphabet.
        merged.keySet().stream().filter(name -> !name.matches("[a-z0-9][a-z0-9_-]{0,31}")).findFirst()
                .ifPresent(name -> {
                    throw new IllegalArgumentException("assetgate.processing.variants: bad name " + name);
                });
        variants = Map.copyOf(merged);
        format = format.toLowerCase();
        if (!format.equals("webp") && !format.equals("jpeg")) {
            throw new IllegalArgumentException("assetgate.processing.format must be webp or jpeg");
        }
        if (!quarantine.equals("move") && !quarantine.equals("delete")) {
            throw new IllegalArgumentException("assetgate.processing.quarantine must be move or delete");
        }
        if (quality < 1 || quality > 100 || maxAttempts < 1 || threads < 1 || maxPixels < 1) {
            throw new IllegalArgumentException("assetgate.processing: quality, max-attempts, threads, max-pixels");
        }
    }

    /** The variants images get: every configured one but {@code poster}, which is for videos. */
    public java.util.Map<String, VariantSpec> imageVariants() {
        Map<String, VariantSpec> images = new LinkedHashMap<>(variants);
        images.remove("poster");
        return images;
    }

    /** The output format of {@code spec}: its own, or the default. */
    public String formatOf(VariantSpec spec) {
        return spec.format() == null ? format : spec.format().toLowerCase();
    }

    /**
     * Malware scanning: on when {@code clamdHost} is set.
     *
     * @param clamdHost host of clamd's TCP socket
     * @param clamdPort its port
     * @param timeout connect and read timeout
     */
    public record Scan(String clamdHost, @DefaultValue("3310") int clamdPort, @DefaultValue("60s") Duration timeout) {
        public boolean enabled() {
            return clamdHost != null && !clamdHost.isBlank();
        }
    }

    /**
     * Video tools.
     *
     * @param ffmpeg the ffmpeg command
     * @param ffprobe the ffprobe command
     * @param posterAt where the poster frame is taken (the first frame for shorter videos)
     * @param timeout the longest a tool may run
     */
    public record Video(@DefaultValue("ffmpeg") String ffmpeg, @DefaultValue("ffprobe") String ffprobe,
            @DefaultValue("1s") Duration posterAt, @DefaultValue("120s") Duration timeout) {
    }

    /**
     * HEIC and AVIF are decoded by libvips (on libheif), or HEIC's HEVC tiles by ffmpeg, in a child
     * process, never in the server's own process: a native decoder that crashes or runs away takes
     * only that process with it.
     *
     * @param vips the {@code vips} command (Debian: libvips-tools)
     * @param timeout the longest one decode may run; then the process is killed
     * @param memoryLimit the address space the child may map ({@code prlimit --as}); a decode
     *     that needs more fails instead of pushing the machine into swap
     * @param hevcDecoder {@code ffmpeg} (default): HEVC-coded images (HEIC) whose layout the Java
     *     container reader handles are decoded by ffmpeg's HEVC decoder, in a child process with the
     *     same limits, several times faster than libheif; other images, and any the fast path refuses,
     *     still go through libheif. {@code libheif}: always libheif
     */
    public record Heif(@DefaultValue("vips") String vips, @DefaultValue("60s") Duration timeout,
            @DefaultValue("3GB") org.springframework.util.unit.DataSize memoryLimit,
            @DefaultValue("ffmpeg") String hevcDecoder) {

        public Heif {
            hevcDecoder = hevcDecoder == null ? "ffmpeg" : hevcDecoder.toLowerCase(java.util.Locale.ROOT);
            if (!hevcDecoder.equals("ffmpeg") && !hevcDecoder.equals("libheif")) {
                throw new IllegalArgumentException("assetgate.processing.heif.hevc-decoder must be ffmpeg or libheif");
            }
        }
    }
}
