package io.assetgate.server.processing.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

import io.assetgate.server.processing.image.heif.HevcImage;

/**
 * Assembles decoded 8-bit 4:2:0 tiles into one packed RGB image, shrunk by a whole factor on
 * the way: at factor 2 each output pixel averages a 2x2 block of luma and takes the one chroma
 * sample 4:2:0 keeps for it, so the full-size RGB image is never made. At factor 1 chroma is
 * repeated over its 2x2 block (nearest neighbour, as libheif 1.15 upsamples).
 */
final class YcbcrCanvas {

    private final int width;
    private final int height;
    private final int factor;
    private final int outWidth;
    private final int outHeight;
    private final BufferedImage image;
    private final int[] pixels;
    /** 16.16 fixed point: luma to the shared value, chroma to the red, blue and green offsets. */
    private final int[] luma = new int[256];
    private final int[] crToR = new int[256];
    private final int[] cbToB = new int[256];
    private final int[] cbToG = new int[256];
    private final int[] crToG = new int[256];

    /** A canvas for an image of {@code width}x{@code height}, made {@code factor} times smaller (1 or even). */
    YcbcrCanvas(int width, int height, int factor, HevcImage.Matrix matrix) {
        if (factor != 1 && factor % 2 != 0) {
            throw new IllegalArgumentException("factor " + factor);
        }
        this.width = width;
        this.height = height;
        this.factor = factor;
        this.outWidth = Math.ceilDiv(width, factor);
        this.outHeight = Math.ceilDiv(height, factor);
        Math.multiplyExact(outWidth, outHeight);
        this.image = new BufferedImage(outWidth, outHeight, BufferedImage.TYPE_INT_RGB);
        this.pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        double kr = matrix.kr();
        double kb = matrix.kb();
        double kg = 1 - kr - kb;
        double yScale = matrix.fullRange() ? 1 : 255.0 / 219;
        double cScale = matrix.fullRange() ? 1 : 255.0 / 224;
        for (int v = 0; v < 256; v++) {
            double y = matrix.fullRange() ? v : (v - 16) * yScale;
            double c = (v - 128) * cScale;
            luma[v] = (int) Math.round(y * 65536) + 32768;
            crToR[v] = (int) Math.round(2 * (1 - kr) * c * 65536);
            cbToB[v] = (int) Math.round(2 * (1 - kb) * c * 65536);
            cbToG[v] = (int) Math.round(-2 * kb * (1 - kb) / kg * c * 65536);
            crToG[v] = (int) Math.round(-2 * kr * (1 - kr) / kg * c * 65536);
        }
    }

    /** Bytes of one decoded {@code w}x{@code h} 4:2:0 picture: luma, then the two chroma planes. */
    static int frameBytes(int w, int h) {
        return Math.addExact(Math.multiplyExact(w, h), 2 * Math.ceilDiv(w, 2) * Math.ceilDiv(h, 2));
    }

    /**
     * Converts the {@code tw}x{@code th} picture {@code frame} and places it with its top-left
     * corner at ({@code x0}, {@code y0}) of the full-size image, cut at the image's edges.
     * {@code x0} and {@code y0} are multiples of the factor.
     */
    void paste(byte[] frame, int tw, int th, int x0, int y0) {
        int cw = Math.ceilDiv(tw, 2);
        int uAt = tw * th;
        int vAt = uAt + cw * Math.ceilDiv(th, 2);
        int visibleW = Math.min(tw, width - x0);
        int visibleH = Math.min(th, height - y0);
        if (visibleW <= 0 || visibleH <= 0) {
            return;
        }
        if (factor == 1) {
            for (int y = 0; y < visibleH; y++) {
                int row = (y0 + y) * outWidth + x0;
                int cRow = (y >> 1) * cw;
                for (int x = 0; x < visibleW; x++) {
                    int c = cRow + (x >> 1);
                    pixels[row + x] = rgb(frame[y * tw + x] & 255, frame[uAt + c] & 255, frame[vAt + c] & 255);
                }
            }
            return;
        }
        int half = factor / 2;
        int outW = Math.ceilDiv(visibleW, factor);
        int outH = Math.ceilDiv(visibleH, factor);
        for (int oy = 0; oy < outH; oy++) {
            int row = (y0 / factor + oy) * outWidth + x0 / factor;
            int yFrom = oy * factor;
            int yTo = Math.min(yFrom + factor, visibleH);
            int cyFrom = oy * half;
            int cyTo = Math.ceilDiv(yTo, 2);
            for (int ox = 0; ox < outW; ox++) {
                int xFrom = ox * factor;
                int xTo = Math.min(xFrom + factor, visibleW);
                int sum = 0;
                for (int y = yFrom; y < yTo; y++) {
                    int at = y * tw;
                    for (int x = xFrom; x < xTo; x++) {
                        sum += frame[at + x] & 255;
                    }
                }
                int n = (yTo - yFrom) * (xTo - xFrom);
                int cxFrom = ox * half;
                int cxTo = Math.ceilDiv(xTo, 2);
                int u = 0;
                int v = 0;
                for (int cy = cyFrom; cy < cyTo; cy++) {
                    int at = cy * cw;
                    for (int cx = cxFrom; cx < cxTo; cx++) {
                        u += frame[uAt + at + cx] & 255;
                        v += frame[vAt + at + cx] & 255;
                    }
                }
                int cn = (cyTo - cyFrom) * (cxTo - cxFrom);
                pixels[row + ox] = rgb((sum + n / 2) / n, (u + cn / 2) / cn, (v + cn / 2) / cn);
            }
        }
    }

    private int rgb(int y, int cb, int cr) {
        int l = luma[y];
        int r = clamp((l + crToR[cr]) >> 16);
        int g = clamp((l + cbToG[cb] + crToG[cr]) >> 16);
        int b = clamp((l + cbToB[cb]) >> 16);
        return r << 16 | g << 8 | b;
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    /** The packed RGB image the tiles are pasted into. */
    BufferedImage image() {
        return image;
    }
}
