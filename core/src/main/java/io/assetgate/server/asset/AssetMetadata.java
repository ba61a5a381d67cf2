package io.assetgate.server.asset;

import java.time.Instant;

/**
 * What processing learned about an asset's content. Any field may be null. Location is
 * never recorded.
 *
 * @param width width in pixels, upright
 * @param height height in pixels, upright
 * @param orientation the EXIF orientation of the original (1 to 8)
 * @param capturedAt when the photo was taken, as its camera recorded it
 * @param durationMs the length of a video
 * @param detectedType the type the content's bytes show
 * @param placeholder a tiny preview an app draws before any variant arrives
 */
public record AssetMetadata(Integer width, Integer height, Integer orientation, Instant capturedAt,
        Long durationMs, String detectedType, Placeholder placeholder) {

    /** Metadata without a placeholder. */
    public AssetMetadata(Integer width, Integer height, Integer orientation, Instant capturedAt, Long durationMs,
            String detectedType) {
        this(width, height, orientation, capturedAt, durationMs, detectedType, null);
    }

    /**
     * A placeholder as the contract names it: {@code kind} is {@code thumbhash} or {@code blurhash},
     * {@code value} its usual text form (base64 of the at most 40 bytes of a ThumbHash).
     */
    public record Placeholder(String kind, String value) {

        public static final String THUMBHASH = "thumbhash";

        public static Placeholder thumbHash(String base64) {
            return base64 == null ? null : new Placeholder(THUMBHASH, base64);
        }
    }

    /** The same metadata with {@code value} as its placeholder. */
    public AssetMetadata withPlaceholder(Placeholder value) {
        return new AssetMetadata(width, height, orientation, capturedAt, durationMs, detectedType, value);
    }

    public boolean isEmpty() {
        return width == null && height == null && orientation == null && capturedAt == null && durationMs == null
                && detectedType == null && placeholder == null;
    }
}
