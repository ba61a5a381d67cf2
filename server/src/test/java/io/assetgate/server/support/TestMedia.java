package io.assetgate.server.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

import javax.imageio.ImageIO;

/** Media with the traits processing cares about, made by the tests: nothing binary is committed. */
public final class TestMedia {

    private TestMedia() {
    }

    /** A JPEG of the given size with an EXIF block: orientation, capture date and (when asked) GPS. */
    public static byte[] jpegWithExif(BufferedImage image, int orientation, boolean gps) {
        byte[] jpeg = encode(image, "jpg");
        byte[] app1 = exifSegment(orientation, gps);
        // SOI, then EXIF, then the rest (JFIF and image data) as ImageIO wrote it.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.writeBytes(app1);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** A landscape image with a red block in its top-left corner, to see which way is up. */
    public static BufferedImage marked(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.BLUE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.RED);
        g.fillRect(0, 0, width / 4, height / 4);
        g.dispose();
        return image;
    }

    /** A PNG with a transparent left half and an opaque green right half. */
    public static byte[] pngWithAlpha(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0, 200, 0, 255));
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        return encode(image, "png");
    }

    /**
     * A decompression bomb: a valid PNG header declaring {@code side}x{@code side} RGBA pixels (4 bytes each),
     * followed by a tiny deflate stream of zero rows. Decoding it fully would need side*side*4 bytes.
     */
    public static byte[] pngBomb(int side) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(side).putInt(side).put((byte) 8).put((byte) 6)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        Deflater deflater = new Deflater(9);
        deflater.setInput(new byte[64 * 1024]);
        deflater.finish();
        byte[] buffer = new byte[4096];
        int n = deflater.deflate(buffer);
        chunk(out, "IDAT", java.util.Arrays.copyOf(buffer, n));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** A PNG whose header is valid but whose pixel data is not a deflate stream: it cannot be decoded. */
    public static byte[] pngWithCorruptData(int side) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(side).putInt(side).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        byte[] garbage = new byte[512];
        java.util.Arrays.fill(garbage, (byte) 0x5A);
        chunk(out, "IDAT", garbage);
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** A GIF of {@code frames} tiny frames, written as an image sequence. */
    public static byte[] gif(int frames) {
        try {
            javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (var out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.prepareWriteSequence(null);
                for (int i = 0; i < frames; i++) {
                    BufferedImage frame = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
                    frame.setRGB(i % 8, i / 8 % 8, 0xFFFFFF);
                    writer.writeToSequence(new javax.imageio.IIOImage(frame, null, null), null);
                }
                writer.endWriteSequence();
            }
            writer.dispose();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** HTML with a script behind JPEG magic bytes: passes a magic-byte check, is no image. */
    public static byte[] htmlDisguisedAsJpeg() {
        String html = "<html><body><script>fetch('/steal?c='+document.cookie)</script></body></html>";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0});
        out.writeBytes(html.getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** A 2-second 320x240 MP4 made by ffmpeg from its test source. */
    public static byte[] mp4() {
        Path file = null;
        try {
            file = Files.createTempFile("assetgate-test", ".mp4");
            Process p = new ProcessBuilder(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc=duration=2:size=320x240:rate=25", "-pix_fmt", "yuv420p", "-c:v", "libx264",
                    "-movflags", "+faststart", file.toString())).redirectErrorStream(true).start();
            byte[] log = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("ffmpeg failed: " + new String(log, StandardCharsets.UTF_8));
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (file != null) {
                TempDirs.deleteRecursively(file); // also when ffmpeg failed
            }
        }
    }

    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static BufferedImage decode(byte[] bytes) {
        try {
            return ImageIO.read(new java.io.ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /**
     * An APP1 EXIF segment (big endian): IFD0 with Orientation, the Exif IFD pointer and, when asked,
     * the GPS IFD pointer; the Exif IFD with DateTimeOriginal 2024:05:17 10:30:00; the GPS IFD with a
     * latitude and longitude.
     */
    public static byte[] exifSegment(int orientation, boolean gps) {
        ByteBuffer t = ByteBuffer.allocate(512);
        t.put(new byte[] {'M', 'M', 0, 42}).putInt(8);
        int ifd0Entries = gps ? 3 : 2;
        int exifIfd = 8 + 2 + ifd0Entries * 12 + 4;
        int date = exifIfd + 2 + 12 + 4;
        int gpsIfd = date + 20;
        int lat = gpsIfd + 2 + 4 * 12 + 4;
        int lon = lat + 24;
        t.putShort((short) ifd0Entries);
        t.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        t.putShort((short) 0x8769).putShort((short) 4).putInt(1).putInt(exifIfd);
        if (gps) {
            t.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(gpsIfd);
        }
        t.putInt(0);
        t.putShort((short) 1);
        t.putShort((short) 0x9003).putShort((short) 2).putInt(20).putInt(date);
        t.putInt(0);
        t.put("2024:05:17 10:30:00\0".getBytes(StandardCharsets.US_ASCII));
        if (gps) {
            t.putShort((short) 4);
            t.putShort((short) 1).putShort((short) 2).putInt(2).put(new byte[] {'N', 0, 0, 0});
            t.putShort((short) 2).putShort((short) 5).putInt(3).putInt(lat);
            t.putShort((short) 3).putShort((short) 2).putInt(2).put(new byte[] {'E', 0, 0, 0});
            t.putShort((short) 4).putShort((short) 5).putInt(3).putInt(lon);
            t.putInt(0);
            t.putInt(48).putInt(1).putInt(51).putInt(1).putInt(2412).putInt(100);
            t.putInt(2).putInt(1).putInt(17).putInt(1).putInt(4000).putInt(100);
        }
        byte[] tiff = java.util.Arrays.copyOf(t.array(), t.position());
        int length = 2 + 6 + tiff.length;
        ByteArrayOutputStream segment = new ByteArrayOutputStream();
        segment.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length});
        segment.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        segment.writeBytes(tiff);
        return segment.toByteArray();
    }
}
