package io.assetgate.server.processing.image;

import java.awt.image.BufferedImage;
import java.util.Base64;

/**
 * The reference ThumbHash decoder's steps (aspect ratio, average colour, the image itself), for
 * tests: a hash that decodes to the wrong aspect or colours was encoded wrongly.
 */
public final class ThumbHashDecoder {

    private ThumbHashDecoder() {
    }

    public static byte[] bytes(String base64) {
        return Base64.getDecoder().decode(base64);
    }

    public static double aspectRatio(byte[] hash) {
        int header = hash[3] & 255;
        boolean hasAlpha = (hash[2] & 0x80) != 0;
        boolean landscape = (hash[4] & 0x80) != 0;
        int lx = landscape ? (hasAlpha ? 5 : 7) : header & 7;
        int ly = landscape ? header & 7 : (hasAlpha ? 5 : 7);
        return (double) lx / ly;
    }

    /** The average colour as r, g, b in 0..1. */
    public static double[] averageRgb(byte[] hash) {
        int header = (hash[0] & 255) | (hash[1] & 255) << 8 | (hash[2] & 255) << 16;
        double l = (header & 63) / 63.0;
        double p = ((header >> 6) & 63) / 31.5 - 1;
        double q = ((header >> 12) & 63) / 31.5 - 1;
        double b = l - 2.0 / 3 * p;
        double r = (3 * l - b + q) / 2;
        double g = r - q;
        return new double[] {clamp(r), clamp(g), clamp(b)};
    }

    /** The decoded preview, at most 32 pixels on its long side, alpha ignored. */
    public static BufferedImage decode(byte[] hash) {
        int header24 = (hash[0] & 255) | (hash[1] & 255) << 8 | (hash[2] & 255) << 16;
        int header16 = (hash[3] & 255) | (hash[4] & 255) << 8;
        double lDc = (header24 & 63) / 63.0;
        double pDc = ((header24 >> 6) & 63) / 31.5 - 1;
        double qDc = ((header24 >> 12) & 63) / 31.5 - 1;
        double lScale = ((header24 >> 18) & 31) / 31.0;
        boolean hasAlpha = (header24 >> 23) != 0;
        double pScale = ((header16 >> 3) & 63) / 63.0;
        double qScale = ((header16 >> 9) & 63) / 63.0;
        boolean landscape = (header16 >> 15) != 0;
        int lx = Math.max(3, landscape ? (hasAlpha ? 5 : 7) : header16 & 7);
        int ly = Math.max(3, landscape ? header16 & 7 : (hasAlpha ? 5 : 7));
        int[] index = {0};
        int start = hasAlpha ? 6 : 5;
        double[] lAc = channel(hash, start, index, lx, ly, lScale);
        double[] pAc = channel(hash, start, index, 3, 3, pScale * 1.25);
        double[] qAc = channel(hash, start, index, 3, 3, qScale * 1.25);
        double ratio = aspectRatio(hash);
        int w = (int) Math.round(ratio > 1 ? 32 : 32 * ratio);
        int h = (int) Math.round(ratio > 1 ? 32 / ratio : 32);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        double[] fx = new double[Math.max(lx, 3)];
        double[] fy = new double[Math.max(ly, 3)];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double l = lDc;
                double p = pDc;
                double q = qDc;
                for (int cx = 0; cx < fx.length; cx++) {
                    fx[cx] = Math.cos(Math.PI / w * (x + 0.5) * cx);
                }
                for (int cy = 0; cy < fy.length; cy++) {
                    fy[cy] = Math.cos(Math.PI / h * (y + 0.5) * cy);
                }
                for (int cy = 0, j = 0; cy < ly; cy++) {
                    for (int cx = cy > 0 ? 0 : 1; cx * ly < lx * (ly - cy); cx++, j++) {
                        l += lAc[j] * fx[cx] * fy[cy] * 2;
                    }
                }
                for (int cy = 0, j = 0; cy < 3; cy++) {
                    for (int cx = cy > 0 ? 0 : 1; cx < 3 - cy; cx++, j++) {
                        double f = fx[cx] * fy[cy] * 2;
                        p += pAc[j] * f;
                        q += qAc[j] * f;
                    }
                }
                double b = l - 2.0 / 3 * p;
                double r = (3 * l - b + q) / 2;
                double g = r - q;
                out.setRGB(x, y, (int) (255 * clamp(r)) << 16 | (int) (255 * clamp(g)) << 8 | (int) (255 * clamp(b)));
            }
        }
        return out;
    }

    private static double[] channel(byte[] hash, int start, int[] index, int nx, int ny, double scale) {
        java.util.List<Double> ac = new java.util.ArrayList<>();
        for (int cy = 0; cy < ny; cy++) {
            for (int cx = cy > 0 ? 0 : 1; cx * ny < nx * (ny - cy); cx++) {
                int i = index[0]++;
                int nibble = ((hash[start + (i >> 1)] & 255) >> ((i & 1) << 2)) & 15;
                ac.add((nibble / 7.5 - 1) * scale);
            }
        }
        return ac.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
