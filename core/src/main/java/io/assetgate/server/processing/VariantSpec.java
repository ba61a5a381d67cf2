package io.assetgate.server.processing;

/**
 * One named variant ({@code assetgate.processing.variants.<name>.*}).
 *
 * @param size the box in pixels: the square side for {@code cover}, the longest side for {@code inside}
 * @param fit {@code cover} crops the centre to a square; {@code inside} fits within the box
 * @param format {@code webp} or {@code jpeg}; null for the default format
 */
public record VariantSpec(int size, Fit fit, String format) {

    public VariantSpec {
        if (size < 1 || size > 8192) {
            throw new IllegalArgumentException("variant size must be between 1 and 8192");
        }
        fit = fit == null ? Fit.INSIDE : fit;
        if (format != null && !format.equalsIgnoreCase("webp") && !format.equalsIgnoreCase("jpeg")) {
            throw new IllegalArgumentException("variant format must be webp or jpeg");
        }
    }

    public enum Fit {
        COVER, INSIDE
    }
}
