package io.assetgate.server.processing.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** ThumbHash's known properties: its size, and what it decodes to (aspect, colour, layout). */
class ThumbHashTest {

    @ParameterizedTest(name = "{0}x{1} alpha={2}")
    @CsvSource({"4032,3024,false", "3024,4032,false", "1000,1000,false", "1,1,false", "4000,10,false",
            "640,480,true", "10,4000,true"})
    void isAtMost40BytesAndKeepsTheAspect(int width, int height, boolean alpha) {
        BufferedImage image = new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB
                : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(alpha ? new Color(0, 128, 255, 100) : new Color(0, 128, 255));
        g.fillRect(0, 0, width, height);
        g.dispose();

        byte[] hash = ThumbHashDecoder.bytes(ThumbHash.of(image));

        assertThat(hash.length).isBetween(5, 40);
        double aspect = ThumbHashDecoder.aspectRatio(hash);
        double real = (double) width / height;
        // The hash keeps the aspect to the nearest seventh of the long side (at least one).
        if (width > height) {
            assertThat(aspect).isGreaterThan(1.0);
        } else if (height > width) {
            assertThat(aspect).isLessThan(1.0);
        } else {
            assertThat(aspect).isEqualTo(1.0);
        }
        if (Math.max(real, 1 / real) < 3) {
            assertThat(aspect).isCloseTo(real, within(real * 0.2));
        }
        assertThat((hash[2] & 0x80) != 0).as("alpha flag").isEqualTo(alpha);
    }

    @Test
    void decodesToTheAverageColour() {
        BufferedImage image = solid(400, 300, new Color(200, 40, 30));

        double[] rgb = ThumbHashDecoder.averageRgb(ThumbHashDecoder.bytes(ThumbHash.of(image)));

        assertThat(rgb[0]).isCloseTo(200 / 255.0, within(0.06));
        assertThat(rgb[1]).isCloseTo(40 / 255.0, within(0.06));
        assertThat(rgb[2]).isCloseTo(30 / 255.0, within(0.06));
    }

    @Test
    void decodesToTheLayoutRedLeftBlueRight() {
        BufferedImage image = solid(600, 400, Color.RED);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.BLUE);
        g.fillRect(300, 0, 300, 400);
        g.dispose();

        BufferedImage preview = ThumbHashDecoder.decode(ThumbHashDecoder.bytes(ThumbHash.of(image)));

        assertThat(preview.getWidth()).isGreaterThan(preview.getHeight());
        Color left = new Color(preview.getRGB(2, preview.getHeight() / 2));
        Color right = new Color(preview.getRGB(preview.getWidth() - 3, preview.getHeight() / 2));
        assertThat(left.getRed()).isGreaterThan(left.getBlue() + 80);
        assertThat(right.getBlue()).isGreaterThan(right.getRed() + 80);
    }

    @Test
    void isTheSameForTheSameImage() {
        BufferedImage image = solid(120, 80, Color.GREEN);
        assertThat(ThumbHash.of(image)).isEqualTo(ThumbHash.of(image));
    }

    private static BufferedImage solid(int w, int h, Color color) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return image;
    }
}
