package io.assetgate.server.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;

import io.assetgate.server.processing.image.ThumbHashDecoder;
import io.assetgate.server.support.Http;
import io.assetgate.server.support.PhoneMedia;
import io.assetgate.server.support.TestMedia;
import tools.jackson.databind.JsonNode;

/**
 * iPhones tag photos Display P3. Variants and placeholders are sRGB, so the photo's colours must
 * be converted, not reinterpreted: a pure red stored as P3 (about 234, 51, 35) must come out as
 * sRGB red again, where taking the P3 numbers as sRGB would show a duller orange-red.
 */
class DisplayP3Test extends ProcessingServerTest {

    @Test
    void displayP3JpegComesOutInSrgb() {
        assertConvertedToSrgb("IMG_P3.jpg", "image/jpeg", PhoneMedia.displayP3(1600, 1200, "jpg"));
    }

    @Test
    void displayP3PngComesOutInSrgb() {
        assertConvertedToSrgb("P3.png", "image/png", PhoneMedia.displayP3(1600, 1200, "png"));
    }

    @Test
    void displayP3HeicComesOutInSrgb() {
        assertConvertedToSrgb("IMG_P3.HEIC", "image/heic", PhoneMedia.displayP3(1600, 1200, "heic"));
    }

    private void assertConvertedToSrgb(String name, String type, byte[] photo) {
        String token = tokenFor("p3-owner");
        JsonNode asset = upload(token, name, type, photo);
        JsonNode ready = awaitProcessed(token, asset.get("id").asString());
        assertThat(ready.get("state").asString()).as(ready.toString()).isEqualTo("READY");

        for (String variant : new String[] {"preview", "thumbnail"}) {
            BufferedImage image = TestMedia.decode(download(token, asset, variant));
            int y = image.getHeight() / 2;
            // Away from the edge between the halves, and from WebP's chroma blur at it.
            assertSrgbRed(variant, image.getRGB(image.getWidth() / 8, y));
            int green = image.getRGB(image.getWidth() * 7 / 8, y);
            assertThat((green >> 16) & 255).as(variant + " green's red, " + Integer.toHexString(green)).isLessThan(30);
            assertThat((green >> 8) & 255).as(variant + " green's green").isGreaterThan(235);
        }
        // The placeholder too: half red, half green, so no blue on average; the P3 numbers have blue
        // in both halves (35 and about 63), which would average about 0.19.
        double[] average = ThumbHashDecoder.averageRgb(ThumbHashDecoder.bytes(
                ready.get("metadata").get("placeholder").get("value").asString()));
        assertThat(average[2]).as("placeholder's average blue").isLessThan(0.1);
    }

    private static void assertSrgbRed(String variant, int rgb) {
        String what = variant + " red, " + Integer.toHexString(rgb);
        assertThat((rgb >> 16) & 255).as(what).isGreaterThan(245);
        // Unconverted, P3 red read as sRGB has green 51 and blue 35.
        assertThat((rgb >> 8) & 255).as(what).isLessThan(25);
        assertThat(rgb & 255).as(what).isLessThan(25);
    }

    private byte[] download(String token, JsonNode asset, String variant) {
        Http.Response redirect = api.get("/v1/assets/" + asset.get("id").asString() + "/content?variant=" + variant,
                token);
        assertThat(redirect.status()).isEqualTo(303);
        return Http.fetch(redirect.header("Location")).bytes();
    }
}
