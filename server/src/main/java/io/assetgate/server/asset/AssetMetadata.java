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
 */
public record AssetMetadata(Integer width, Integer height, Integer orientation, Instant capturedAt,
        Long durationMs, String detectedType) {

    public boolean isEmpty() {
        return width == null && height == null && orientation == null && capturedAt == null && durationMs == null
                && detectedType == null;
    }
}
