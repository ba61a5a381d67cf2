package io.assetgate.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.assetgate.server.processing.image.heif.HeifGrid;
import io.assetgate.server.processing.image.heif.HeifRewriter;

/**
 * What phones write, made by the real tools (heif-enc, exiftool, ffmpeg; the test setup
 * installs them): HEIC with the rotation in the container and EXIF with GPS, AVIF, and HEVC
 * QuickTime with a display matrix and a location.
 */
public final class PhoneMedia {

    private PhoneMedia() {
    }

    /** The tile side iPhones use. */
    static final int TILE = 512;

    /**
     * An iPhone-like HEIC: a grid of 512x512 HEVC tiles (the last row and column cropped by the
     * grid's output size) of a stored landscape {@code width}x{@code height} image with a red
     * top-left block ({@link TestMedia#marked}), an {@code irot} turning it 90° clockwise, and
     * EXIF that says the same (Orientation 6) plus GPS, a capture time and XMP. Shown upright it
     * is portrait with the red block top-right; applying both rotations puts it bottom-right.
     */
    public static byte[] iphoneHeic(int width, int height) {
        // irot angle 3: 270° anticlockwise, that is 90° clockwise, as a phone held upright writes it.
        return gridHeic(TestMedia.marked(width, height), true, List.of(new byte[] {0, 0, 0, 9, 'i', 'r', 'o', 't', 3}));
    }

    /**
     * {@code image} as a grid of 512x512 HEVC tiles (heif-enc, quality 85; the last row and column
     * cropped by the grid's output size), with {@code properties} (whole boxes: irot, imir, clap)
     * added to the grid item in order, and with {@code exif}, the EXIF and XMP of {@link #iphoneHeic}.
     */
    public static byte[] gridHeic(java.awt.image.BufferedImage image, boolean exif, List<byte[]> properties) {
        return gridHeic(image, exif, properties, 85);
    }

    /** As {@link #gridHeic(java.awt.image.BufferedImage, boolean, List)}, at heif-enc quality {@code quality}. */
    public static byte[] gridHeic(java.awt.image.BufferedImage image, boolean exif, List<byte[]> properties,
            int quality) {
        Path dir = tempDir();
        int width = image.getWidth();
        int height = image.getHeight();
        int columns = Math.ceilDiv(width, TILE);
        int rows = Math.ceilDiv(height, TILE);
        List<Path> tiles = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < columns; column++) {
                java.awt.image.BufferedImage tile = new java.awt.image.BufferedImage(TILE, TILE,
                        java.awt.image.BufferedImage.TYPE_INT_RGB);
                java.awt.Graphics2D g = tile.createGraphics();
                g.drawImage(image, -column * TILE, -row * TILE, null);
                g.dispose();
                Path png = write(dir.resolve("tile-" + row + "-" + column + ".png"), TestMedia.encode(tile, "png"));
                Path heic = dir.resolve("tile-" + row + "-" + column + ".heic");
                run("heif-enc", "-q", String.valueOf(quality), "-o", heic.toString(), png.toString());
                tiles.add(heic);
            }
        }
        Path grid = dir.resolve("grid.heic");
        Path transformed = dir.resolve("transformed.heic");
        try {
            HeifGrid.write(tiles, columns, rows, width, height, grid);
            if (exif) {
                exif(grid);
            }
            if (properties.isEmpty()) {
                return Files.readAllBytes(grid);
            }
            HeifRewriter.addPrimaryProperties(grid, transformed, properties);
            return Files.readAllBytes(transformed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A HEIC with an alpha plane (heif-enc of {@link TestMedia#pngWithAlpha}: transparent left
     * half, green right half), a layout the fast HEVC path leaves to libheif.
     */
    public static byte[] heicWithAlpha(int width, int height) {
        Path dir = tempDir();
        Path png = write(dir.resolve("alpha.png"), TestMedia.pngWithAlpha(width, height));
        Path heic = dir.resolve("alpha.heic");
        run("heif-enc", "-q", "85", "-o", heic.toString(), png.toString());
        return read(heic);
    }

    /** {@code image} as one HEVC image (heif-enc, quality 85), not a grid. */
    public static byte[] plainHeic(java.awt.image.BufferedImage image) {
        Path dir = tempDir();
        Path png = write(dir.resolve("in.png"), TestMedia.encode(image, "png"));
        Path heic = dir.resolve("plain.heic");
        run("heif-enc", "-q", "85", "-o", heic.toString(), png.toString());
        return read(heic);
    }

    /**
     * A photo tagged Display P3, as iPhones write them: {@code width}x{@code height}, its left half
     * pure sRGB red and its right half pure sRGB green, converted by libvips to Display P3 (red
     * becomes about 234, 51, 35) with the P3 profile embedded; {@code extension} {@code jpg}, {@code png}
     * (an {@code iCCP} chunk), or {@code heic} (heif-enc keeps the profile as the image's {@code colr} box).
     */
    public static byte[] displayP3(int width, int height, String extension) {
        Path dir = tempDir();
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(width, height,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(java.awt.Color.RED);
        g.fillRect(0, 0, width / 2, height);
        g.setColor(java.awt.Color.GREEN);
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        Path png = write(dir.resolve("srgb.png"), TestMedia.encode(image, "png"));
        if (extension.equals("png")) {
            Path p3 = dir.resolve("p3.png");
            run("vips", "icc_transform", png.toString(), p3.toString(), "p3", "--input-profile", "srgb");
            return read(p3);
        }
        Path jpeg = dir.resolve("p3.jpg");
        run("vips", "icc_transform", png.toString(), jpeg + "[Q=95]", "p3", "--input-profile", "srgb");
        if (extension.equals("jpg")) {
            return read(jpeg);
        }
        Path heic = dir.resolve("p3.heic");
        run("heif-enc", "-q", "95", "-o", heic.toString(), jpeg.toString());
        return read(heic);
    }

    /** An AVIF of the marked image, with EXIF GPS. */
    public static byte[] avif(int width, int height) {
        Path dir = tempDir();
        Path png = write(dir.resolve("in.png"), TestMedia.encode(TestMedia.marked(width, height), "png"));
        Path avif = dir.resolve("photo.avif");
        run("heif-enc", "-A", "-q", "80", "-o", avif.toString(), png.toString());
        exif(avif);
        return read(avif);
    }

    /**
     * A 2-second phone video as phones record it: coded 320x240 (the marked image: a red block
     * top-left on blue), a display matrix turning it 90° clockwise (written by exiftool: ffmpeg
     * 5.1 has no option for it), a location and a creation time.
     *
     * @param codec {@code libx265} (HEVC, tagged hvc1 as Apple does) or {@code libx264}
     * @param extension {@code mov} or {@code mp4}
     */
    public static byte[] phoneVideo(String codec, String extension) {
        Path dir = tempDir();
        Path video = dir.resolve("clip." + extension);
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi",
                "-i", "color=c=blue:s=320x240:d=2:r=25,drawbox=x=0:y=0:w=80:h=60:color=red:t=fill", "-c:v", codec,
                "-pix_fmt", "yuv420p"));
        if (codec.equals("libx265")) {
            command.addAll(List.of("-x265-params", "log-level=error", "-tag:v", "hvc1"));
        }
        command.addAll(List.of("-metadata", "location=+48.8584+002.2945/", "-metadata",
                "creation_time=2024-05-17T10:30:00Z", video.toString()));
        run(command.toArray(String[]::new));
        run("exiftool", "-q", "-overwrite_original", "-Rotation=90", video.toString());
        return read(video);
    }

    /** What exiftool finds of location, dates and rotation in a video. */
    public static String videoMetadata(byte[] bytes) {
        Path file = write(tempDir().resolve("probe.mov"), bytes);
        return run("exiftool", "-q", "-q", "-m", "-s", "-a", "-G1", "-gps:all", "-GPSCoordinates", "-UserData:all",
                "-CreateDate", "-Rotation", file.toString());
    }

    /** A real HEIC cut off inside its coded data: the container header reads, the image does not decode. */
    public static byte[] truncatedHeic() {
        byte[] heic = iphoneHeic(1024, 768);
        return java.util.Arrays.copyOf(heic, heic.length * 2 / 3);
    }

    /** A real HEIC whose {@code ispe} claims {@code side}x{@code side} pixels: a decompression bomb by its header. */
    public static byte[] heicClaiming(int side) {
        byte[] heic = iphoneHeic(256, 256);
        int patched = 0;
        // Every ispe: the grid's and its tile's.
        for (int i = 0; i + 16 <= heic.length; i++) {
            if (heic[i] == 'i' && heic[i + 1] == 's' && heic[i + 2] == 'p' && heic[i + 3] == 'e') {
                java.nio.ByteBuffer.wrap(heic, i + 8, 8).putInt(side).putInt(side);
                patched++;
            }
        }
        if (patched == 0) {
            throw new IllegalStateException("no ispe in the HEIC");
        }
        return heic;
    }

    /** A real ZIP archive, to be declared as a HEIC photo. */
    public static byte[] zip() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("IMG_0001.HEIC"));
            zip.write(new byte[4096]);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Writes GPS, a capture time and Orientation 6 into the file's EXIF, in place. */
    private static void exif(Path file) {
        run("exiftool", "-q", "-overwrite_original", "-GPSLatitude=48.8584", "-GPSLatitudeRef=N",
                "-GPSLongitude=2.2945", "-GPSLongitudeRef=E", "-DateTimeOriginal=2024:05:17 10:30:00",
                "-Orientation#=6", "-XMP-dc:Creator=Test Person", file.toString());
    }

    /** The GPS and XMP tags exiftool finds in {@code bytes}: empty when there are none. */
    public static String gpsAndXmp(byte[] bytes) {
        Path file = write(tempDir().resolve("probe"), bytes);
        return run("exiftool", "-q", "-q", "-m", "-s", "-a", "-G1", "-gps:all", "-xmp:all", "-exif:all",
                file.toString());
    }

    static String run(String... command) {
        try {
            Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(command[0] + " failed: " + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Path tempDir() {
        // Deleted when the test JVM exits, also after a failure (TempDirs).
        return TempDirs.create("assetgate-media");
    }

    static Path write(Path file, byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
