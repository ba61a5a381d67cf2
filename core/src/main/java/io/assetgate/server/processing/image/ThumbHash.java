package io.assetgate.server.processing.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A ThumbHash encoder, written from the algorithm Evan Wallace published with ThumbHash: the
 * image, at most 100×100, is turned into LPQA channels (luminance, two colour differences and
 * alpha) and each is reduced to a few DCT coefficients, quantised to 4 bits (the averages and
 * scales to 6). The result is 24 to 25 bytes, far below the contract's 40, and encodes the
 * aspect ratio and the average colour, so an app can draw a blurred preview before any variant
 * arrives.
 */
public final class ThumbHash {

    /** The side an image is scaled down to before hashing; the algorithm takes at most 100. */
    static final int MAX_SIDE = 100;

    private ThumbHash() {
    }

    /** The hash of {@code image} (any size: it is scaled to fit 100×100 first), base64-encoded. */
    public static String of(BufferedImage image) {
        return Base64.getEncoder().encodeToString(encode(fit(image)));
    }

    /** The raw hash of an image of at most 100×100 pixels. */
    static byte[] encode(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (w > MAX_SIDE || h > MAX_SIDE) {
            throw new IllegalArgumentException("ThumbHash takes at most 100x100, not " + w + "x" + h);
        }
        int n = w * h;
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        double avgR = 0;
        double avgG = 0;
        double avgB = 0;
        double avgA = 0;
        for (int px : argb) {
            double alpha = (px >>> 24) / 255.0;
            avgR += alpha / 255 * ((px >> 16) & 255);
            avgG += alpha / 255 * ((px >> 8) & 255);
            avgB += alpha / 255 * (px & 255);
            avgA += alpha;
        }
        if (avgA > 0) {
            avgR /= avgA;
            avgG /= avgA;
            avgB /= avgA;
        }
        boolean hasAlpha = avgA < n;
        int lLimit = hasAlpha ? 5 : 7;
        int lx = Math.max(1, (int) Math.round((double) lLimit * w / Math.max(w, h)));
        int ly = Math.max(1, (int) Math.round((double) lLimit * h / Math.max(w, h)));
        double[] l = new double[n];
        double[] p = new double[n];
        double[] q = new double[n];
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            int px = argb[i];
            double alpha = (px >>> 24) / 255.0;
            // Transparent pixels take the average colour, so they do not pull the hash towards black.
            double r = avgR * (1 - alpha) + alpha / 255 * ((px >> 16) & 255);
            double g = avgG * (1 - alpha) + alpha / 255 * ((px >> 8) & 255);
            double b = avgB * (1 - alpha) + alpha / 255 * (px & 255);
            l[i] = (r + g + b) / 3;
            p[i] = (r + g) / 2 - b;
            q[i] = r - g;
            a[i] = alpha;
        }
        Channel lc = Channel.encode(l, w, h, Math.max(3, lx), Math.max(3, ly));
        Channel pc = Channel.encode(p, w, h, 3, 3);
        Channel qc = Channel.encode(q, w, h, 3, 3);
        Channel ac = hasAlpha ? Channel.encode(a, w, h, 5, 5) : null;

        boolean landscape = w > h;
        long header24 = Math.round(63 * lc.dc) | (Math.round(31.5 + 31.5 * pc.dc) << 6)
                | (Math.round(31.5 + 31.5 * qc.dc) << 12) | (Math.round(31 * lc.scale) << 18)
                | ((hasAlpha ? 1L : 0L) << 23);
        long header16 = (landscape ? ly : lx) | (Math.round(63 * pc.scale) << 3) | (Math.round(63 * qc.scale) << 9)
                | ((landscape ? 1L : 0L) << 15);
        List<double[]> acs = new ArrayList<>(List.of(lc.ac, pc.ac, qc.ac));
        if (ac != null) {
            acs.add(ac.ac);
        }
        int acCount = acs.stream().mapToInt(x -> x.length).sum();
        int start = hasAlpha ? 6 : 5;
        byte[] hash = new byte[start + (acCount + 1) / 2];
        hash[0] = (byte) header24;
        hash[1] = (byte) (header24 >> 8);
        hash[2] = (byte) (header24 >> 16);
        hash[3] = (byte) header16;
        hash[4] = (byte) (header16 >> 8);
        if (ac != null) {
            hash[5] = (byte) (Math.round(15 * ac.dc) | (Math.round(15 * ac.scale) << 4));
        }
        int index = 0;
        for (double[] coefficients : acs) {
            for (double f : coefficients) {
                hash[start + (index >> 1)] |= (byte) (Math.round(15 * f) << ((index & 1) * 4));
                index++;
            }
        }
        return hash;
    }

    /** The image scaled to fit 100×100 (never enlarged), as ARGB. */
    static BufferedImage fit(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        double ratio = Math.min(1.0, (double) MAX_SIDE / Math.max(w, h));
        int tw = Math.max(1, (int) Math.round(w * ratio));
        int th = Math.max(1, (int) Math.round(h * ratio));
        BufferedImage out = new BufferedImage(tw, th, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(image, 0, 0, tw, th, null);
        g.dispose();
        return out;
    }

    /** One channel's DC, its AC coefficients scaled into 0..1, and the scale that undoes it. */
    private record Channel(double dc, double[] ac, double scale) {

        static Channel encode(double[] channel, int w, int h, int nx, int ny) {
            double dc = 0;
            double scale = 0;
            List<Double> ac = new ArrayList<>();
            double[] fx = new double[w];
            for (int cy = 0; cy < ny; cy++) {
                for (int cx = 0; cx * ny < nx * (ny - cy); cx++) {
                    for (int x = 0; x < w; x++) {
                        fx[x] = Math.cos(Math.PI / w * cx * (x + 0.5));
                    }
                    double f = 0;
                    for (int y = 0; y < h; y++) {
                        double fy = Math.cos(Math.PI / h * cy * (y + 0.5));
                        for (int x = 0; x < w; x++) {
                            f += channel[x + y * w] * fx[x] * fy;
                        }
                    }
                    f /= w * h;
                    if (cx > 0 || cy > 0) {
                        ac.add(f);
                        scale = Math.max(scale, Math.abs(f));
                    } else {
                        dc = f;
                    }
                }
            }
            double[] scaled = new double[ac.size()];
            for (int i = 0; i < scaled.length; i++) {
                scaled[i] = scale > 0 ? 0.5 + 0.5 / scale * ac.get(i) : ac.get(i);
            }
            return new Channel(dc, scaled, scale);
        }
    }
}
