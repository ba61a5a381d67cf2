package io.assetgate.server.processing.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.List;

import io.assetgate.server.processing.image.heif.HevcImage;

/**
 * Applies a HEIF container's transforms to a decoded image, exactly (whole pixels moved, none
 * interpolated): the clean-aperture crop, quarter turns and mirroring, in the container's order,
 * on an image {@code factor} times smaller than the coded one.
 */
final class PixelTransforms {

    private PixelTransforms() {
    }

    static BufferedImage apply(BufferedImage image, List<HevcImage.Transform> transforms, int factor) {
        BufferedImage current = image;
        for (HevcImage.Transform t : transforms) {
            current = switch (t) {
                case HevcImage.Crop c -> crop(current, c, factor);
                case HevcImage.Rotate r -> rotate(current, r.quarterTurns());
                case HevcImage.Mirror m -> mirror(current, m.leftRight());
            };
        }
        return current;
    }

    private static BufferedImage crop(BufferedImage image, HevcImage.Crop c, int factor) {
        int x0 = Math.min(c.x() / factor, image.getWidth() - 1);
        int y0 = Math.min(c.y() / factor, image.getHeight() - 1);
        int x1 = Math.min(Math.ceilDiv(c.x() + c.width(), factor), image.getWidth());
        int y1 = Math.min(Math.ceilDiv(c.y() + c.height(), factor), image.getHeight());
        if (x0 == 0 && y0 == 0 && x1 == image.getWidth() && y1 == image.getHeight()) {
            return image;
        }
        int w = x1 - x0;
        int h = y1 - y0;
        int[] from = pixels(image);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] to = pixels(out);
        for (int y = 0; y < h; y++) {
            System.arraycopy(from, (y0 + y) * image.getWidth() + x0, to, y * w, w);
        }
        return out;
    }

    /** Turns {@code quarterTurns} x 90° anticlockwise. */
    private static BufferedImage rotate(BufferedImage image, int quarterTurns) {
        int turns = Math.floorMod(quarterTurns, 4);
        if (turns == 0) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swap = turns % 2 == 1;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        int[] from = pixels(image);
        BufferedImage out = new BufferedImage(ow, oh, BufferedImage.TYPE_INT_RGB);
        int[] to = pixels(out);
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                int at = switch (turns) {
                    // Anticlockwise: the right column becomes the top row.
                    case 1 -> (w - 1 - x) * ow + y;
                    case 2 -> (h - 1 - y) * ow + (w - 1 - x);
                    default -> x * ow + (h - 1 - y);
                };
                to[at] = from[row + x];
            }
        }
        return out;
    }

    private static BufferedImage mirror(BufferedImage image, boolean leftRight) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] p = pixels(image);
        if (leftRight) {
            for (int y = 0; y < h; y++) {
                for (int a = y * w, b = a + w - 1; a < b; a++, b--) {
                    int t = p[a];
                    p[a] = p[b];
                    p[b] = t;
                }
            }
        } else {
            int[] row = new int[w];
            for (int a = 0, b = h - 1; a < b; a++, b--) {
                System.arraycopy(p, a * w, row, 0, w);
                System.arraycopy(p, b * w, p, a * w, w);
                System.arraycopy(row, 0, p, b * w, w);
            }
        }
        return image;
    }

    private static int[] pixels(BufferedImage image) {
        return ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    }
}
