package io.assetgate.server.processing.image.heif;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What a HEIF file's container declares about its primary image, read in pure Java before any
 * decoder runs: the coded size ({@code ispe}, for a grid the whole grid) and the size as
 * displayed once the container's transforms ({@code clap}, {@code irot}, {@code imir}) are
 * applied. The pixel limit MUST be checked against {@link #pixels()} before decoding: it is
 * all a decompression bomb can be judged by.
 *
 * @param format {@code heic} or {@code avif}, from the primary item's coding
 * @param width coded width of the primary image
 * @param height coded height of the primary image
 * @param displayWidth width once the container's transforms are applied
 * @param displayHeight height once the container's transforms are applied
 */
public record HeifHeader(String format, int width, int height, int displayWidth, int displayHeight) {

    public long pixels() {
        return (long) width * height;
    }

    /**
     * The ICC profile of the primary image (a {@code colr} property of type {@code prof} or
     * {@code rICC}, as iPhones write Display P3), or null when it has none: an {@code nclx}
     * colour box names its primaries by code and is not read here (the pixels are taken as sRGB).
     */
    public static byte[] iccProfile(Path file) throws IOException {
        HeifMeta meta = HeifMeta.read(file);
        for (Box p : meta.propertiesOf(meta.primaryItem)) {
            byte[] payload = p.payload();
            if (p.type().equals("colr") && payload.length > 4) {
                String kind = new String(payload, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
                if (kind.equals("prof") || kind.equals("rICC")) {
                    return java.util.Arrays.copyOfRange(payload, 4, payload.length);
                }
            }
        }
        return null;
    }

    /** Reads the header; throws {@link IllegalArgumentException} when the file is no readable HEIF image. */
    public static HeifHeader read(Path file) throws IOException {
        HeifMeta meta = HeifMeta.read(file);
        int primary = meta.primaryItem;
        String type = meta.itemTypes.get(primary);
        if (type == null) {
            throw new IllegalArgumentException("the primary item is not described");
        }
        String format = switch (type) {
            case "hvc1" -> "heic";
            case "av01" -> "avif";
            case "grid", "iovl", "iden" -> meta.brands.contains("avif") || meta.brands.contains("avis") ? "avif"
                    : "heic";
            default -> throw new IllegalArgumentException("the primary item is coded as " + type);
        };
        List<Box> props = meta.propertiesOf(primary);
        Box ispe = Box.find(props, "ispe");
        if (ispe == null) {
            throw new IllegalArgumentException("the primary image has no size (ispe)");
        }
        Box.Reader r = new Box.Reader(ispe.payload());
        r.skip(4);
        long w = r.u32();
        long h = r.u32();
        if (w <= 0 || h <= 0 || w > Integer.MAX_VALUE || h > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the primary image declares " + w + "x" + h);
        }
        long dw = w;
        long dh = h;
        for (Box p : props) {
            if (p.type().equals("clap")) {
                Box.Reader c = new Box.Reader(p.payload());
                long wn = c.u32();
                long wd = c.u32();
                long hn = c.u32();
                long hd = c.u32();
                if (wd > 0 && hd > 0 && wn / wd > 0 && hn / hd > 0) {
                    dw = Math.min(dw, wn / wd);
                    dh = Math.min(dh, hn / hd);
                }
            } else if (p.type().equals("irot")) {
                int angle = new Box.Reader(p.payload()).u8() & 3;
                if (angle % 2 == 1) {
                    long t = dw;
                    dw = dh;
                    dh = t;
                }
            }
        }
        return new HeifHeader(format, (int) w, (int) h, (int) dw, (int) dh);
    }
}
