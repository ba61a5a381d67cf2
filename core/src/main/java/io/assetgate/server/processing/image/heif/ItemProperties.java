package io.assetgate.server.processing.image.heif;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What {@link HevcImage} reads from an item's properties ({@code ipco}/{@code ipma}): its size,
 * its transforms placed in the image they apply to, its YCbCr matrix, and the checks that send
 * a file to libheif instead (an alpha plane, an essential property not understood here).
 */
final class ItemProperties {

    static final Set<String> TRANSFORMS = Set.of("clap", "irot", "imir");
    /** Properties this path applies or may ignore: configuration, size, colour, bit depth, pixel aspect. */
    private static final Set<String> UNDERSTOOD = Set.of("hvcC", "ispe", "colr", "pixi", "pasp", "clap", "irot", "imir");

    private ItemProperties() {
    }

    /**
     * A property marked essential must be understood by whoever shows the image: any this path
     * does not apply (a layer selection, a future transform) leaves the file to libheif.
     */
    static void refuseUnknownEssentials(HeifMeta meta, int item) {
        List<Integer> indexes = meta.ipma.associations().getOrDefault(item, List.of());
        List<Boolean> essential = meta.ipma.essential().getOrDefault(item, List.of());
        for (int i = 0; i < indexes.size() && i < essential.size(); i++) {
            int index = indexes.get(i);
            if (essential.get(i) && index > 0 && index <= meta.properties.size()
                    && !UNDERSTOOD.contains(meta.properties.get(index - 1).type())) {
                throw new IllegalArgumentException("an essential " + meta.properties.get(index - 1).type()
                        + " property is not handled here");
            }
        }
    }

    /** An alpha plane is an auxiliary image ({@code auxl}) whose {@code auxC} names alpha: left to libheif. */
    static void refuseAlpha(HeifMeta meta, ItemReferences refs, int primary) {
        for (int aux : refs.to("auxl", primary)) {
            Box auxC = Box.find(meta.propertiesOf(aux), "auxC");
            if (auxC == null) {
                continue;
            }
            String urn = new String(auxC.payload(), java.nio.charset.StandardCharsets.ISO_8859_1);
            if (urn.contains("alpha") || urn.contains("auxid:1\0") || urn.endsWith("auxid:1")) {
                throw new IllegalArgumentException("the image has an alpha plane");
            }
        }
    }

    static int[] ispe(List<Box> props) {
        Box ispe = Box.find(props, "ispe");
        if (ispe == null) {
            throw new IllegalArgumentException("an image has no size (ispe)");
        }
        Box.Reader r = new Box.Reader(ispe.payload());
        r.skip(4);
        long w = r.u32();
        long h = r.u32();
        if (w <= 0 || h <= 0 || w > 65535 || h > 65535) {
            throw new IllegalArgumentException("an image declares " + w + "x" + h);
        }
        return new int[] {(int) w, (int) h};
    }

    /**
     * The transforms in the order they apply, each crop placed in the image as it is at that
     * step ({@code width}x{@code height} before the first): left edge at the horizontal offset
     * plus half the width cut away, rounded down, as libheif places it. A crop that does not
     * fit is refused.
     */
    static List<HevcImage.Transform> transforms(List<Box> props, int width, int height) {
        List<HevcImage.Transform> out = new ArrayList<>();
        int w = width;
        int h = height;
        for (Box p : props) {
            switch (p.type()) {
                case "clap" -> {
                    HevcImage.Crop crop = clap(p, w, h);
                    out.add(crop);
                    w = crop.width();
                    h = crop.height();
                }
                case "irot" -> {
                    HevcImage.Rotate rotate = new HevcImage.Rotate(new Box.Reader(p.payload()).u8() & 3);
                    out.add(rotate);
                    if (rotate.quarterTurns() % 2 == 1) {
                        int t = w;
                        w = h;
                        h = t;
                    }
                }
                case "imir" -> out.add(new HevcImage.Mirror((new Box.Reader(p.payload()).u8() & 1) == 1));
                default -> { }
            }
        }
        return List.copyOf(out);
    }

    static HevcImage.Crop clap(Box p, int imageWidth, int imageHeight) {
        Box.Reader c = new Box.Reader(p.payload());
        long wn = c.u32();
        long wd = c.u32();
        long hn = c.u32();
        long hd = c.u32();
        int hon = c.s32();
        long hod = c.u32();
        int von = c.s32();
        long vod = c.u32();
        if (wd == 0 || hd == 0 || hod == 0 || vod == 0) {
            throw new IllegalArgumentException("clap has a zero denominator");
        }
        long w = Math.min(imageWidth, wn / wd);
        long h = Math.min(imageHeight, hn / hd);
        long x = (long) Math.floor((double) hon / hod + (imageWidth - w) / 2.0);
        long y = (long) Math.floor((double) von / vod + (imageHeight - h) / 2.0);
        if (w <= 0 || h <= 0 || x < 0 || y < 0 || x + w > imageWidth || y + h > imageHeight) {
            throw new IllegalArgumentException("clap keeps " + w + "x" + h + " at " + x + "," + y + " of "
                    + imageWidth + "x" + imageHeight);
        }
        return new HevcImage.Crop((int) x, (int) y, (int) w, (int) h);
    }

    static HevcImage.Matrix matrix(List<Box> props) {
        for (Box p : props) {
            byte[] b = p.payload();
            if (p.type().equals("colr") && b.length >= 11
                    && new String(b, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals("nclx")) {
                Box.Reader r = new Box.Reader(b);
                r.skip(8);
                int code = r.u16();
                boolean full = (r.u8() & 0x80) != 0;
                double[] k = switch (code) {
                    case 1 -> new double[] {0.2126, 0.0722};
                    case 2, 5, 6 -> new double[] {0.299, 0.114};
                    case 4 -> new double[] {0.30, 0.11};
                    case 7 -> new double[] {0.212, 0.087};
                    case 9 -> new double[] {0.2627, 0.0593};
                    default -> throw new IllegalArgumentException("matrix coefficients " + code + " are not handled");
                };
                return new HevcImage.Matrix(k[0], k[1], full);
            }
        }
        return HevcImage.Matrix.DEFAULT;
    }
}
