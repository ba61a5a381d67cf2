package io.assetgate.server.processing.image.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.assetgate.server.processing.image.IccProfiles;
import io.assetgate.server.support.PhoneMedia;
import io.assetgate.server.support.TempDirs;
import io.assetgate.server.support.TestMedia;

/**
 * The FFM bindings against the real libraries (the test setup installs libturbojpeg0; libwebp7
 * and liblcms2-2 come with libvips): what they make must match what ImageIO and libvips make.
 */
class NativeCodecsTest {

    private final Path dir = TempDirs.create("native-codecs");

    @Test
    void librariesAreFoundOnATestMachine() {
        assertThat(TurboJpeg.problem()).isNull();
        assertThat(LibWebp.problem()).isNull();
        assertThat(LittleCms.problem()).isNull();
    }

    @Test
    void turboJpegDecodesAtEachScaleToTheSameImageAsImageIo() throws IOException {
        Path jpeg = Files.write(dir.resolve("marked.jpg"), TestMedia.encode(TestMedia.marked(1001, 601), "jpeg"));
        BufferedImage reference = TestMedia.decode(Files.readAllBytes(jpeg));
        for (int denominator : new int[] {1, 2, 4, 8}) {
            BufferedImage decoded = TurboJpeg.decode(jpeg, denominator);
            assertThat(decoded.getWidth()).as("width at 1/" + denominator).isEqualTo(Math.ceilDiv(1001, denominator));
            assertThat(decoded.getHeight()).isEqualTo(Math.ceilDiv(601, denominator));
            // The red block top-left, the rest not: sampled at the same place in both.
            for (int[] at : new int[][] {{40, 40}, {700, 400}}) {
                int mine = decoded.getRGB(at[0] / denominator, at[1] / denominator);
                int theirs = reference.getRGB(at[0], at[1]);
                for (int shift = 0; shift <= 16; shift += 8) {
                    assertThat(Math.abs((mine >> shift & 255) - (theirs >> shift & 255)))
                            .as("channel %d at %s, 1/%d", shift, Arrays.toString(at), denominator).isLessThan(12);
                }
            }
        }
    }

    @Test
    void turboJpegRefusesWhatIsNoJpegWithAnException() throws IOException {
        Path notJpeg = Files.write(dir.resolve("zip.jpg"), "PK\3\4 not a jpeg at all".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> TurboJpeg.decode(notJpeg, 1)).isInstanceOf(IOException.class);
        byte[] whole = TestMedia.encode(TestMedia.marked(800, 600), "jpeg");
        Path headerOnly = Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(whole, 300));
        assertThatThrownBy(() -> TurboJpeg.decode(headerOnly, 2)).isInstanceOf(IOException.class);
    }

    @Test
    void denominatorsNeverShrinkMoreThanAsked() {
        assertThat(TurboJpeg.denominatorFor(1)).isEqualTo(1);
        assertThat(TurboJpeg.denominatorFor(3)).isEqualTo(2);
        assertThat(TurboJpeg.denominatorFor(7)).isEqualTo(4);
        assertThat(TurboJpeg.denominatorFor(11)).isEqualTo(8);
    }

    @Test
    void libWebpMakesAWebpImageIoReadsBackWithItsColoursAndAlphaAndNoMetadata() throws IOException {
        BufferedImage opaque = TestMedia.marked(300, 200);
        byte[] webp = LibWebp.encode(TestMedia.decode(TestMedia.encode(opaque, "png")).getRGB(0, 0, 300, 200, null, 0, 300),
                300, 200, false, 90);
        assertThat(new String(webp, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(webp, StandardCharsets.ISO_8859_1)).doesNotContain("EXIF").doesNotContain("XMP ")
                .doesNotContain("ICCP");
        BufferedImage back = TestMedia.decode(webp);
        assertThat(back.getWidth()).isEqualTo(300);
        assertThat(back.getColorModel().hasAlpha()).as("opaque stays opaque").isFalse();
        int red = back.getRGB(20, 20);
        assertThat(red >> 16 & 255).isGreaterThan(200);
        assertThat(red >> 8 & 255).isLessThan(60);

        int[] halfClear = new int[64 * 32];
        Arrays.fill(halfClear, 0, halfClear.length / 2, 0x00000000);
        Arrays.fill(halfClear, halfClear.length / 2, halfClear.length, 0xFF0000FF);
        BufferedImage alpha = TestMedia.decode(LibWebp.encode(halfClear, 64, 32, true, 90));
        assertThat(alpha.getRGB(10, 4) >>> 24).as("top half transparent").isLessThan(10);
        assertThat(alpha.getRGB(10, 28) >>> 24).as("bottom half opaque").isGreaterThan(245);
    }

    @Test
    void littleCmsTurnsDisplayP3RedBackIntoSrgbRed() throws IOException {
        Path p3 = Files.write(dir.resolve("p3.jpg"), PhoneMedia.displayP3(64, 32, "jpg"));
        byte[] icc = IccProfiles.fromJpeg(p3);
        assertThat(icc).as("the P3 profile vips embedded").isNotNull();
        BufferedImage pixels = TurboJpeg.decode(p3, 1);
        int stored = pixels.getRGB(8, 16);
        assertThat(stored >> 8 & 255).as("P3 red as stored has green").isGreaterThan(35);

        assertThat(LittleCms.toSrgb(pixels, icc)).isTrue();
        int converted = pixels.getRGB(8, 16);
        assertThat(converted >> 16 & 255).isGreaterThan(245);
        assertThat(converted >> 8 & 255).isLessThan(20);
        assertThat(converted & 255).isLessThan(20);

        assertThat(LittleCms.toSrgb(pixels, "not a profile at all, but long enough to be read as one".repeat(4)
                .getBytes(StandardCharsets.US_ASCII))).as("a broken profile is ignored").isFalse();
    }
}
