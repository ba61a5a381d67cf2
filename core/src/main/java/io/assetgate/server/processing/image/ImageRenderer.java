package io.assetgate.server.processing.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import io.assetgate.server.processing.VariantSpec;
import io.assetgate.server.processing.image.codec.LibWebp;
import io.assetgate.server.processing.image.codec.LittleCms;
import io.assetgate.server.processing.image.codec.TurboJpeg;

/**
 * Makes variants from an image: decodes it once, subsampled on load to the smallest size the
 * largest variant needs, turns it upright, then scales and encodes each variant. Encoders
 * are given no metadata, so no EXIF, XMP or GPS reaches a variant.
 */
public final class ImageRenderer {

    /** A rendered variant. */
    public record Rendered(String name, byte[] bytes, int width, int height, String contentType) {
    }

    private ImageRenderer() {
    }

    /**
     * The heap that decoding {@code header} for {@code specs} may take: the subsampled image and its copies,
     * plus, for JPEG, the whole-image coefficient buffers a progressive file needs whatever the subsampling.
     */
    public static long decodedBytes(ImageHeader header, Map<String, VariantSpec> specs) {
        int s = subsampling(header, specs);
        long decoded = (long) Math.ceilDiv(header.width(), s) * Math.ceilDiv(header.height(), s) * 4 * 3;
        return decoded + (header.format().equals("jpeg") ? header.pixels() * 2 : 0);
    }

    /** The variants, and the ThumbHash placeholder (base64) of the whole upright image. */
    public record Rendering(List<Rendered> variants, String thumbHash) {
    }

    public static List<Rendered> render(Path file, ImageHeader header, Map<String, VariantSpec> specs,
            java.util.function.Function<VariantSpec, String> formatOf, int quality) throws IOException {
        return renderAll(file, header, specs, formatOf, quality).variants();
    }

    /** Decodes once and makes every variant and the placeholder from that one decoded image. */
    public static Rendering renderAll(Path file, ImageHeader header, Map<String, VariantSpec> specs,
            java.util.function.Function<VariantSpec, String> formatOf, int quality) throws IOException {
        return renderAll(file, header, specs, formatOf, quality, null);
    }

    /**
     * As {@link #renderAll(Path, ImageHeader, Map, java.util.function.Function, int)}, for pixels in
     * the colour space of the ICC profile {@code icc} (null: sRGB), such as a HEIF's decoded
     * without conversion. Variants and placeholder come out in sRGB.
     */
    public static Rendering renderAll(Path file, ImageHeader header, Map<String, VariantSpec> specs,
            java.util.function.Function<VariantSpec, String> formatOf, int quality, byte[] icc) throws IOException {
        Decoded decoded = decode(file, header, subsampling(header, specs));
        return renderAll(decoded.upright(), specs, formatOf, quality, decoded.icc() != null ? decoded.icc() : icc);
    }

    /**
     * Makes every variant and the placeholder from {@code upright}, an image already decoded
     * upright (packed RGB or ARGB) in the colour space of {@code icc} (null: sRGB).
     */
    public static Rendering renderAll(BufferedImage upright, Map<String, VariantSpec> specs,
            java.util.function.Function<VariantSpec, String> formatOf, int quality, byte[] icc) throws IOException {
        BufferedImage small = ThumbHash.fit(upright);
        toSrgb(small, icc);
        return new Rendering(variants(upright, specs, formatOf, quality, icc), ThumbHash.of(small));
    }

    /** Scales and encodes each variant from an image already upright. */
    public static List<Rendered> variants(BufferedImage upright, Map<String, VariantSpec> specs,
            java.util.function.Function<VariantSpec, String> formatOf, int quality) throws IOException {
        return variants(upright, specs, formatOf, quality, null);
    }

    private static List<Rendered> variants(BufferedImage upright, Map<String, VariantSpec> specs,
            java.util.function.Function<VariantSpec, String> formatOf, int quality, byte[] icc) throws IOException {
        List<Rendered> out = new ArrayList<>();
        for (var entry : specs.entrySet()) {
            // Converted after scaling: the same colours, on a fraction of the pixels.
            BufferedImage scaled = toSrgb(scale(upright, entry.getValue()), icc);
            String format = formatOf.apply(entry.getValue());
            out.add(new Rendered(entry.getKey(), encode(scaled, format, quality), scaled.getWidth(),
                    scaled.getHeight(), "image/" + format));
        }
        return out;
    }

    /**
     * The long side an image of {@code width}x{@code height} (upright) must keep for every
     * variant to be made from it without enlarging: a square crop needs its short side.
     */
    public static int longSideNeeded(int width, int height, Map<String, VariantSpec> specs) {
        int longSide = Math.max(width, height);
        int shortSide = Math.max(1, Math.min(width, height));
        long needed = 1;
        for (VariantSpec spec : specs.values()) {
            needed = Math.max(needed, spec.fit() == VariantSpec.Fit.COVER
                    ? (long) Math.ceil((double) spec.size() * longSide / shortSide) : spec.size());
        }
        return (int) Math.min(longSide, needed);
    }

    /** The largest whole factor by which decoding may shrink the image and still serve every variant. */
    static int subsampling(ImageHeader header, Map<String, VariantSpec> specs) {
        int shortSide = Math.min(header.width(), header.height());
        int longSide = Math.max(header.width(), header.height());
        int s = Integer.MAX_VALUE;
        for (VariantSpec spec : specs.values()) {
            int side = spec.fit() == VariantSpec.Fit.COVER ? shortSide : longSide;
            s = Math.min(s, side / spec.size());
        }
        return Math.max(1, s == Integer.MAX_VALUE ? 1 : s);
    }

    /** An image decoded upright, and the ICC profile its pixels are still in (null: sRGB). */
    record Decoded(BufferedImage upright, byte[] icc) {
    }

    /** Converts {@code image} (fresh, packed RGB or ARGB) in place from {@code icc} to sRGB; answers it. */
    private static BufferedImage toSrgb(BufferedImage image, byte[] icc) {
        if (icc != null) {
            LittleCms.toSrgb(image, icc);
        }
        return image;
    }

    static BufferedImage decodeUpright(Path file, ImageHeader header, int subsampling) throws IOException {
        Decoded decoded = decode(file, header, subsampling);
        return toSrgb(decoded.upright(), decoded.icc());
    }

    /**
     * JPEGs through libjpeg-turbo at the scale the variants need, their profile left to convert
     * later on fewer pixels; everything else (and JPEGs libjpeg-turbo refuses, or whose profile
     * cannot be converted here) through ImageIO, whose JPEG reader converts an embedded profile;
     * a PNG's embedded profile is converted later too (ImageIO's PNG reader ignores it).
     */
    private static Decoded decode(Path file, ImageHeader header, int subsampling) throws IOException {
        if (header.format().equals("jpeg") && TurboJpeg.available()) {
            byte[] icc = IccProfiles.fromJpeg(file);
            if (icc == null || LittleCms.available()) {
                BufferedImage decoded;
                try {
                    decoded = TurboJpeg.decode(file, TurboJpeg.denominatorFor(subsampling));
                } catch (IOException refused) {
                    // CMYK, or a file libjpeg-turbo refuses: ImageIO decides, as it did before the native path.
                    decoded = null;
                }
                if (decoded != null) {
                    return new Decoded(Orientation.upright(decoded, header.orientation()), icc);
                }
            }
        }
        if (header.format().equals("png") && LittleCms.available()) {
            // ImageIO's PNG reader hands out the stored numbers whatever the iCCP chunk says (a Display P3
            // red stays 234, 51, 34, 8 or 16 bits): converted with the profile later, on fewer pixels.
            byte[] icc = IccProfiles.fromPng(file);
            if (icc != null) {
                return new Decoded(decodeWithImageIo(file, header, subsampling), icc);
            }
        }
        return new Decoded(decodeWithImageIo(file, header, subsampling), null);
    }

    private static BufferedImage decodeWithImageIo(Path file, ImageHeader header, int subsampling)
            throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("no decoder for the image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(subsampling, subsampling, 0, 0);
                BufferedImage decoded = reader.read(0, param);
                return Orientation.upright(normalize(decoded), header.orientation());
            } finally {
                reader.dispose();
            }
        }
    }

    /** Packed RGB or ARGB, which every later step draws fast. */
    private static BufferedImage normalize(BufferedImage image) {
        boolean alpha = image.getColorModel().hasAlpha();
        int type = alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        if (image.getType() == type) {
            return image;
        }
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), type);
        Graphics2D g = out.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return out;
    }

    static BufferedImage scale(BufferedImage image, VariantSpec spec) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (spec.fit() == VariantSpec.Fit.COVER) {
            int side = Math.min(w, h);
            BufferedImage square = image.getSubimage((w - side) / 2, (h - side) / 2, side, side);
            int target = Math.min(side, spec.size());
            return resize(square, target, target);
        }
        double ratio = Math.min(1.0, (double) spec.size() / Math.max(w, h));
        return resize(image, Math.max(1, (int) Math.round(w * ratio)), Math.max(1, (int) Math.round(h * ratio)));
    }

    /** Halves in steps while more than twice too large, then draws bilinearly: good quality at low cost. */
    private static BufferedImage resize(BufferedImage image, int width, int height) {
        BufferedImage current = image;
        while (current.getWidth() / 2 >= width && current.getHeight() / 2 >= height) {
            current = draw(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        if (current.getWidth() == width && current.getHeight() == height && current != image) {
            return current;
        }
        return draw(current, width, height);
    }

    private static BufferedImage draw(BufferedImage image, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, image.getType());
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    /** The pixels as non-premultiplied 0xAARRGGBB, row by row: the image's own array when it is packed so. */
    private static int[] packedArgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        if ((image.getType() == BufferedImage.TYPE_INT_RGB || image.getType() == BufferedImage.TYPE_INT_ARGB)
                && image.getRaster().getDataBuffer() instanceof DataBufferInt ints
                && image.getRaster().getSampleModel() instanceof SinglePixelPackedSampleModel packed
                && packed.getScanlineStride() == w && ints.getOffset() == 0
                && image.getRaster().getSampleModelTranslateX() == 0 && image.getRaster().getSampleModelTranslateY() == 0) {
            return ints.getData();
        }
        return image.getRGB(0, 0, w, h, null, 0, w);
    }

    static byte[] encode(BufferedImage image, String format, int quality) throws IOException {
        BufferedImage input = image;
        if (format.equals("jpeg") && image.getColorModel().hasAlpha()) {
            // JPEG has no alpha: flatten onto white rather than letting transparent pixels turn black.
            input = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = input.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.drawImage(image, 0, 0, null);
            g.dispose();
        }
        if (format.equals("webp") && LibWebp.available()) {
            boolean alpha = input.getColorModel().hasAlpha();
            return LibWebp.encode(packedArgb(input), input.getWidth(), input.getHeight(), alpha, quality);
        }
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByMIMEType("image/" + format);
        if (!writers.hasNext()) {
            throw new IOException("no encoder for image/" + format);
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            if (format.equals("webp")) {
                param.setCompressionType("Lossy");
            }
            param.setCompressionQuality(quality / 100f);
            // No metadata argument: the output carries pixels only.
            writer.write(null, new IIOImage(input, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
