package io.assetgate.server.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.assetgate.server.processing.image.heif.HeifHeader;
import io.assetgate.server.support.Http;
import io.assetgate.server.support.PhoneMedia;
import io.assetgate.server.support.TempDirs;
import io.assetgate.server.support.TestMedia;
import tools.jackson.databind.JsonNode;

/**
 * What phones upload, made by the real tools and sent through the API: each ends READY with
 * upright variants in which no metadata reader (exiftool) finds EXIF, XMP or GPS, and with
 * the original stripped the same way.
 */
class PhoneFormatsTest extends ProcessingServerTest {

    @Test
    void iphoneHeicIsTurnedUprightOnceAndLosesItsMetadata() throws Exception {
        String token = tokenFor("heic-owner");
        byte[] heic = PhoneMedia.iphoneHeic(1600, 1200);
        assertThat(PhoneMedia.gpsAndXmp(heic)).as("the test file carries GPS").contains("GPSLatitude");

        JsonNode asset = upload(token, "IMG_0001.HEIC", "image/heic", heic);
        JsonNode ready = awaitProcessed(token, asset.get("id").asString());

        assertThat(ready.get("state").asString()).as(ready.toString()).isEqualTo("READY");
        JsonNode metadata = ready.get("metadata");
        assertThat(metadata.get("width").asInt()).isEqualTo(1200);
        assertThat(metadata.get("height").asInt()).isEqualTo(1600);
        assertThat(metadata.get("capturedAt").asString()).isEqualTo("2024-05-17T10:30:00Z");
        assertThat(metadata.get("placeholder").get("kind").asString()).isEqualTo("thumbhash");
        assertThat(ready.get("variants").get("preview").get("width").asInt()).isEqualTo(960);
        assertThat(ready.get("variants").get("preview").get("height").asInt()).isEqualTo(1280);
        BufferedImage preview = TestMedia.decode(variant(token, asset, "preview"));
        assertThat(preview.getWidth()).isEqualTo(960);
        // Rotated once, 90° clockwise: the stored top-left red block is now top-right (twice: bottom-right).
        assertMatchesReference(preview, rotateClockwise(TestMedia.marked(1600, 1200)));
        BufferedImage thumbnail = TestMedia.decode(variant(token, asset, "thumbnail"));
        assertThat(thumbnail.getWidth()).isEqualTo(256);
        assertNoMetadata(token, asset);

        byte[] original = variant(token, asset, null);
        assertThat(PhoneMedia.gpsAndXmp(original)).doesNotContain("GPS").doesNotContain("Creator")
                .doesNotContain("DateTimeOriginal");
        Path file = Files.write(TempDirs.create("phone-formats").resolve("original.heic"), original);
        assertThat(HeifHeader.read(file).displayWidth()).as("still upright by its container").isEqualTo(1200);
        assertThat(ready.get("size").asLong()).isEqualTo(original.length);
    }

    @Test
    void heicWithAnAlphaPlaneIsLeftToLibheifAndGetsItsVariants() throws Exception {
        String token = tokenFor("heic-alpha-owner");
        JsonNode asset = upload(token, "alpha.heic", "image/heic", PhoneMedia.heicWithAlpha(400, 300));

        JsonNode ready = awaitProcessed(token, asset.get("id").asString());

        assertThat(ready.get("state").asString()).as(ready.toString()).isEqualTo("READY");
        BufferedImage preview = TestMedia.decode(variant(token, asset, "preview"));
        assertThat(preview.getWidth()).isEqualTo(400);
        int green = preview.getRGB(350, 150);
        assertThat((green >> 8) & 255).as(Integer.toHexString(green)).isGreaterThan(150);
        assertNoMetadata(token, asset);
    }

    @Test
    void avifGetsVariantsWithoutMetadata() throws Exception {
        String token = tokenFor("avif-owner");
        JsonNode asset = upload(token, "photo.avif", "image/avif", PhoneMedia.avif(800, 600));

        JsonNode ready = awaitProcessed(token, asset.get("id").asString());

        assertThat(ready.get("state").asString()).as(ready.toString()).isEqualTo("READY");
        assertThat(ready.get("metadata").get("width").asInt()).isEqualTo(800);
        assertThat(ready.get("metadata").get("capturedAt").asString()).isEqualTo("2024-05-17T10:30:00Z");
        BufferedImage preview = TestMedia.decode(variant(token, asset, "preview"));
        // Never enlarged; and the EXIF orientation of an AVIF is not applied (the container has none).
        assertThat(preview.getWidth()).isEqualTo(800);
        assertMatchesReference(preview, TestMedia.marked(800, 600));
        assertNoMetadata(token, asset);
        assertThat(PhoneMedia.gpsAndXmp(variant(token, asset, null))).doesNotContain("GPS");
    }

    @Test
    void jpegWithOrientation6HasNoExifLeftInAnyVariant() throws Exception {
        String token = tokenFor("jpeg6-owner");
        byte[] photo = TestMedia.jpegWithExif(TestMedia.marked(1600, 1200), 6, true);
        JsonNode asset = upload(token, "IMG_6.jpg", "image/jpeg", photo);

        JsonNode ready = awaitProcessed(token, asset.get("id").asString());

        assertThat(ready.get("state").asString()).isEqualTo("READY");
        assertMatchesReference(TestMedia.decode(variant(token, asset, "preview")),
                rotateClockwise(TestMedia.marked(1600, 1200)));
        assertNoMetadata(token, asset);
    }

    @Test
    void healthReportsTheImageTools() {
        JsonNode health = api.get("/actuator/health", null).json();
        assertThat(health.get("components").get("imageTools").get("status").asString()).isEqualTo("UP");
    }

    private void assertNoMetadata(String token, JsonNode asset) {
        for (String name : new String[] {"thumbnail", "preview"}) {
            String found = PhoneMedia.gpsAndXmp(variant(token, asset, name));
            assertThat(found).as(name + ": what exiftool finds").doesNotContain("GPS").doesNotContain("[IFD0]")
                    .doesNotContain("[ExifIFD]").doesNotContain("[XMP");
        }
    }

    /** Compares the mean colour of blocks in a 4x4 grid with the reference scaled to the same size. */
    static void assertMatchesReference(BufferedImage actual, BufferedImage reference) {
        BufferedImage expected = scale(reference, actual.getWidth(), actual.getHeight());
        int bw = actual.getWidth() / 4;
        int bh = actual.getHeight() / 4;
        for (int gy = 0; gy < 4; gy++) {
            for (int gx = 0; gx < 4; gx++) {
                int[] a = mean(actual, gx * bw + bw / 4, gy * bh + bh / 4, bw / 2, bh / 2);
                int[] e = mean(expected, gx * bw + bw / 4, gy * bh + bh / 4, bw / 2, bh / 2);
                for (int c = 0; c < 3; c++) {
                    assertThat(Math.abs(a[c] - e[c])).as("block %d,%d channel %d: %s vs %s", gx, gy, c,
                            java.util.Arrays.toString(a), java.util.Arrays.toString(e)).isLessThan(40);
                }
            }
        }
    }

    private static int[] mean(BufferedImage image, int x0, int y0, int w, int h) {
        long r = 0;
        long g = 0;
        long b = 0;
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                int p = image.getRGB(x, y);
                r += (p >> 16) & 255;
                g += (p >> 8) & 255;
                b += p & 255;
            }
        }
        long n = (long) w * h;
        return new int[] {(int) (r / n), (int) (g / n), (int) (b / n)};
    }

    static BufferedImage rotateClockwise(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getHeight(), image.getWidth(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                out.setRGB(image.getHeight() - 1 - y, x, image.getRGB(x, y));
            }
        }
        return out;
    }

    private static BufferedImage scale(BufferedImage image, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    byte[] variant(String token, JsonNode asset, String variant) {
        Http.Response redirect = api.get("/v1/assets/" + asset.get("id").asString() + "/content"
                + (variant == null ? "" : "?variant=" + variant), token);
        assertThat(redirect.status()).isEqualTo(303);
        return Http.fetch(redirect.header("Location")).bytes();
    }
}
