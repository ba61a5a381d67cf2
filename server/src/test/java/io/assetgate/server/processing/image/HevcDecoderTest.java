package io.assetgate.server.processing.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

import io.assetgate.server.processing.ProcessingProperties;
import io.assetgate.server.processing.image.heif.HevcImage;
import io.assetgate.server.support.PhoneMedia;

/**
 * The fast HEIC path (container in Java, HEVC tiles through ffmpeg, grid and transforms in Java)
 * against libheif's own decode of the same files (heif-convert): the same size, the same
 * orientation and the same pixels, up to the rounding of the colour conversion.
 */
class HevcDecoderTest {

    private static final ProcessingProperties.Heif SETTINGS = new ProcessingProperties.Heif("vips",
            Duration.ofSeconds(60), DataSize.ofGigabytes(3), "ffmpeg");

    @TempDir
    Path dir;

    @Test
    void decodesARotatedGridAsLibheifDoes() throws Exception {
        // 3x2 tiles of 512, the last column and row cropped by the grid; turned 90° clockwise.
        assertSameAsLibheif(PhoneMedia.gridHeic(pattern(1100, 700), true, List.of(irot(3))), 1);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void appliesTheCleanApertureAndMirrorAsLibheifDoes(int axis) throws Exception {
        assertSameAsLibheif(PhoneMedia.gridHeic(pattern(1100, 700), false,
                List.of(clap(900, 500, -37, 21), irot(1), imir(axis))), 1);
    }

    @Test
    void decodesAPlainImageOfOddSize() throws Exception {
        assertSameAsLibheif(PhoneMedia.plainHeic(pattern(333, 201)), 1);
    }

    @Test
    void decodesAtHalfSizeFromTheSameSamples() throws Exception {
        assertSameAsLibheif(PhoneMedia.gridHeic(pattern(1100, 700), false, List.of(irot(3))), 2);
        assertSameAsLibheif(PhoneMedia.plainHeic(pattern(333, 201)), 2);
    }

    @Test
    void stopsAHungDecoderAtTheTimeLimit() throws Exception {
        Path heic = Files.write(dir.resolve("a.heic"), PhoneMedia.gridHeic(pattern(600, 400), false, List.of()));
        Path hung = script("hung", "exec sleep 30");
        HevcDecoder decoder = new HevcDecoder(new ProcessingProperties.Heif("vips", Duration.ofSeconds(1),
                DataSize.ofGigabytes(3), "ffmpeg"), hung.toString());
        long start = System.nanoTime();

        assertThatThrownBy(() -> decoder.decodeUpright(heic, HevcImage.read(heic), 1, dir))
                .hasMessageContaining("longer than 1 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void refusesFewerPicturesThanTiles() throws Exception {
        Path heic = Files.write(dir.resolve("a.heic"), PhoneMedia.gridHeic(pattern(600, 400), false, List.of()));
        Path silent = script("silent", "echo 'no pictures' >&2");
        HevcDecoder decoder = new HevcDecoder(SETTINGS, silent.toString());

        assertThatThrownBy(() -> decoder.decodeUpright(heic, HevcImage.read(heic), 1, dir))
                .hasMessageContaining("0 of 2 pictures").hasMessageContaining("no pictures");
    }

    @Test
    void isAvailableWithDebiansFfmpegAndOffWhenSetToLibheif() {
        assertThat(new HevcDecoder(SETTINGS, "ffmpeg").available()).isTrue();
        assertThat(new HevcDecoder(new ProcessingProperties.Heif("vips", Duration.ofSeconds(60),
                DataSize.ofGigabytes(3), "libheif"), "ffmpeg").available()).isFalse();
        assertThat(new HevcDecoder(SETTINGS, "/nonexistent/ffmpeg").available()).isFalse();
    }

    private void assertSameAsLibheif(byte[] bytes, int factor) throws Exception {
        Path heic = Files.write(dir.resolve("in-" + System.nanoTime() + ".heic"), bytes);
        Path png = dir.resolve("libheif-" + System.nanoTime() + ".png");
        run("heif-convert", heic.toString(), png.toString());
        BufferedImage expected = shrink(ImageIO.read(png.toFile()), factor);
        Path work = Files.createDirectories(dir.resolve("work-" + System.nanoTime()));

        BufferedImage actual = new HevcDecoder(SETTINGS, "ffmpeg").decodeUpright(heic, HevcImage.read(heic), factor,
                work);

        assertThat(actual.getWidth()).isEqualTo(expected.getWidth());
        assertThat(actual.getHeight()).isEqualTo(expected.getHeight());
        long total = 0;
        int far = 0;
        for (int y = 0; y < actual.getHeight(); y++) {
            for (int x = 0; x < actual.getWidth(); x++) {
                int a = actual.getRGB(x, y);
                int e = expected.getRGB(x, y);
                int worst = 0;
                for (int shift = 0; shift <= 16; shift += 8) {
                    int d = Math.abs(((a >> shift) & 255) - ((e >> shift) & 255));
                    total += d;
                    worst = Math.max(worst, d);
                }
                far += worst > 24 ? 1 : 0;
            }
        }
        double pixels = (double) actual.getWidth() * actual.getHeight();
        // The same HEVC samples (decoders are bit-exact); only rounding, and at factor 2 the averaging, differ.
        assertThat(total / pixels / 3).as("mean difference per channel").isLessThan(factor == 1 ? 1.5 : 3.0);
        assertThat(far / pixels).as("share of pixels off by more than 24").isLessThan(0.01);
    }

    /** Averages {@code factor}x{@code factor} blocks (the last ones cut at the edge). */
    private static BufferedImage shrink(BufferedImage image, int factor) {
        if (factor == 1) {
            return image;
        }
        int w = Math.ceilDiv(image.getWidth(), factor);
        int h = Math.ceilDiv(image.getHeight(), factor);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int oy = 0; oy < h; oy++) {
            for (int ox = 0; ox < w; ox++) {
                int[] sum = new int[3];
                int n = 0;
                for (int y = oy * factor; y < Math.min(oy * factor + factor, image.getHeight()); y++) {
                    for (int x = ox * factor; x < Math.min(ox * factor + factor, image.getWidth()); x++) {
                        int p = image.getRGB(x, y);
                        sum[0] += (p >> 16) & 255;
                        sum[1] += (p >> 8) & 255;
                        sum[2] += p & 255;
                        n++;
                    }
                }
                out.setRGB(ox, oy, (sum[0] / n) << 16 | (sum[1] / n) << 8 | (sum[2] / n));
            }
        }
        return out;
    }

    /** Smooth gradients with a grid of sharp blocks and a marker, so that a misplaced tile or a wrong turn shows. */
    static BufferedImage pattern(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = x * 255 / width;
                int g = y * 255 / height;
                int b = ((x / 48) + (y / 48)) % 2 == 0 ? 200 : 40;
                image.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(width / 10, height / 10, width / 6, height / 8);
        g.dispose();
        return image;
    }

    private Path script(String name, String body) throws Exception {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        script.toFile().setExecutable(true);
        return script;
    }

    private static byte[] irot(int angle) {
        return new byte[] {0, 0, 0, 9, 'i', 'r', 'o', 't', (byte) angle};
    }

    private static byte[] imir(int axis) {
        return new byte[] {0, 0, 0, 9, 'i', 'm', 'i', 'r', (byte) axis};
    }

    private static byte[] clap(int width, int height, int horizontalOffset, int verticalOffset) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(40);
        b.putInt(40).put("clap".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        b.putInt(width).putInt(1).putInt(height).putInt(1).putInt(horizontalOffset).putInt(1)
                .putInt(verticalOffset).putInt(1);
        return b.array();
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }
}
