package io.assetgate.server.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;

import io.assetgate.server.processing.image.ThumbHashDecoder;
import io.assetgate.server.support.Http;
import io.assetgate.server.support.TestMedia;
import tools.jackson.databind.JsonNode;

/** Images through the real pipeline, over real HTTP: variants, metadata, orientation, stripping. */
class ImageProcessingTest extends ProcessingServerTest {

    @Test
    void jpegWithGpsGetsVariantsWithoutMetadataAndALosslesslyStrippedOriginal() throws Exception {
        String token = tokenFor("gps-owner");
        byte[] photo = TestMedia.jpegWithExif(TestMedia.marked(2000, 1500), 1, true);
        assertThat(gps(photo)).as("the test photo carries GPS").isNotNull();

        JsonNode asset = upload(token, "IMG_GPS.jpg", "image/jpeg", photo);
        JsonNode ready = awaitProcessed(token, asset.get("id").asString());

        assertThat(ready.get("state").asString()).isEqualTo("READY");
        JsonNode thumbnail = ready.get("variants").get("thumbnail");
        assertThat(thumbnail.get("width").asInt()).isEqualTo(256);
        assertThat(thumbnail.get("height").asInt()).isEqualTo(256);
        assertThat(thumbnail.get("contentType").asString()).isEqualTo("image/webp");
        JsonNode preview = ready.get("variants").get("preview");
        assertThat(preview.get("width").asInt()).isEqualTo(1280);
        assertThat(preview.get("height").asInt()).isEqualTo(960);
        JsonNode metadata = ready.get("metadata");
        assertThat(metadata.get("width").asInt()).isEqualTo(2000);
        assertThat(metadata.get("height").asInt()).isEqualTo(1500);
        assertThat(metadata.get("capturedAt").asString()).isEqualTo("2024-05-17T10:30:00Z");
        assertThat(metadata.toString()).doesNotContainIgnoringCase("gps").doesNotContain("latitude");

        for (String variant : new String[] {"thumbnail", "preview"}) {
            byte[] bytes = download(token, asset.get("id").asString(), variant);
            assertThat(gps(bytes)).as(variant + " GPS").isNull();
            assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain("Exif\0\0")
                    .doesNotContain("http://ns.adobe.com/xap");
        }

        byte[] original = download(token, asset.get("id").asString(), null);
        assertThat(gps(original)).as("stripped original GPS").isNull();
        assertThat(imageData(original)).as("image data is byte-identical").isEqualTo(imageData(photo));
        assertThat(ready.get("size").asLong()).isEqualTo(original.length);
    }

    @Test
    void pngWithAlphaKeepsItsTransparencyInVariants() throws Exception {
        String token = tokenFor("alpha-owner");
        JsonNode asset = upload(token, "logo.png", "image/png", TestMedia.pngWithAlpha(800, 400));

        JsonNode ready = awaitProcessed(token, asset.get("id").asString());

        assertThat(ready.get("state").asString()).isEqualTo("READY");
        BufferedImage preview = TestMedia.decode(download(token, asset.get("id").asString(), "preview"));
        assertThat(preview.getWidth()).isEqualTo(800);
        assertThat(preview.getColorModel().hasAlpha()).isTrue();
        assertThat(preview.getRGB(10, 200) >>> 24).as("left half transparent").isLessThan(10);
        assertThat(preview.getRGB(790, 200) >>> 24).as("right half opaque").isGreaterThan(245);
    }

    @Test
    void rotatedPhonePhotoComesOutUpright() throws Exception {
        String token = tokenFor("phone-owner");
        // Stored landscape 1600x1200 with EXIF orientation 6: the camera was held upright, turned 90° clockwise.
        byte[] photo = TestMedia.jpegWithExif(TestMedia.marked(1600, 1200), 6, false);
        JsonNode asset = upload(token, "IMG_ROT.jpg", "image/jpeg", photo);

        JsonNode ready = awaitProcessed(token, asset.get("id").asString());

        assertThat(ready.get("variants").get("preview").get("width").asInt()).isEqualTo(960);
        assertThat(ready.get("variants").get("preview").get("height").asInt()).isEqualTo(1280);
        assertThat(ready.get("metadata").get("width").asInt()).isEqualTo(1200);
        assertThat(ready.get("metadata").get("orientation").asInt()).isEqualTo(6);
        // The placeholder is made from the upright image: portrait, like the preview.
        JsonNode placeholder = ready.get("metadata").get("placeholder");
        assertThat(placeholder.get("kind").asString()).isEqualTo("thumbhash");
        byte[] hash = ThumbHashDecoder.bytes(placeholder.get("value").asString());
        assertThat(hash.length).isLessThanOrEqualTo(40);
        assertThat(ThumbHashDecoder.aspectRatio(hash)).isCloseTo(0.75, within(0.1));
        BufferedImage preview = TestMedia.decode(download(token, asset.get("id").asString(), "preview"));
        // The stored top-left red block ends up top-right once turned upright.
        assertThat(isRed(preview.getRGB(preview.getWidth() - 20, 20))).isTrue();
        assertThat(isRed(preview.getRGB(20, 20))).isFalse();
        // The stripped original keeps only its orientation, so it still displays upright.
        Metadata original = ImageMetadataReader.readMetadata(new ByteArrayInputStream(
                download(token, asset.get("id").asString(), null)));
        assertThat(original.getFirstDirectoryOfType(ExifIFD0Directory.class)
                .getInt(ExifIFD0Directory.TAG_ORIENTATION)).isEqualTo(6);
        assertThat(original.getFirstDirectoryOfType(ExifSubIFDDirectory.class)).as("no capture details").isNull();
    }

    @Test
    void htmlDisguisedAsJpegIsQuarantinedAndCannotBeDownloaded() {
        String token = tokenFor("disguise-owner");
        JsonNode asset = upload(token, "cat.jpg", "image/jpeg", TestMedia.htmlDisguisedAsJpeg());

        JsonNode quarantined = awaitProcessed(token, asset.get("id").asString());

        assertThat(quarantined.get("state").asString()).isEqualTo("QUARANTINED");
        assertThat(quarantined.get("stateReason").asString()).contains("HTML or script");
        assertThat(quarantined.get("url").isNull()).isTrue();
        Http.Response content = api.get("/v1/assets/" + asset.get("id").asString() + "/content", token);
        assertThat(content.status()).isEqualTo(409);
        // Under the default, no link existed before the checks ran (DownloadBeforeChecksTest);
        // whether an earlier one dies with quarantine matters only with download-before-checks.
        assertThat(asset.get("url").isNull()).as("no link was issued before the checks").isTrue();
    }

    @Test
    void decompressionBombIsQuarantinedWithoutDecoding() {
        String token = tokenFor("bomb-owner");
        // 60000 x 60000 RGBA would need 14 GB decoded; the file is a few hundred bytes.
        byte[] bomb = TestMedia.pngBomb(60_000);
        System.gc();
        long before = usedHeap();

        JsonNode asset = upload(token, "bomb.png", "image/png", bomb);
        JsonNode quarantined = awaitProcessed(token, asset.get("id").asString());

        assertThat(quarantined.get("state").asString()).isEqualTo("QUARANTINED");
        assertThat(quarantined.get("stateReason").asString()).contains("60000x60000").contains("limit");
        System.gc();
        assertThat(usedHeap() - before).as("heap growth").isLessThan(64L * 1024 * 1024);
    }

    @Test
    void animationPastTheFrameLimitIsQuarantinedAndOneWithinItIsProcessed() {
        String token = tokenFor("gif-owner");
        JsonNode tooLong = upload(token, "long.gif", "image/gif", TestMedia.gif(60));
        JsonNode shortOne = upload(token, "short.gif", "image/gif", TestMedia.gif(10));

        JsonNode quarantined = awaitProcessed(token, tooLong.get("id").asString());
        JsonNode ready = awaitProcessed(token, shortOne.get("id").asString());

        assertThat(quarantined.get("state").asString()).isEqualTo("QUARANTINED");
        assertThat(quarantined.get("stateReason").asString()).contains("more frames than the limit of 50");
        assertThat(ready.get("state").asString()).isEqualTo("READY");
    }

    @Test
    void clamAvDetectionQuarantines() {
        String token = tokenFor("malware-owner");
        JsonNode asset = upload(token, "innocent.jpg", "image/jpeg", INFECTED);

        JsonNode quarantined = awaitProcessed(token, asset.get("id").asString());

        assertThat(quarantined.get("state").asString()).isEqualTo("QUARANTINED");
        assertThat(quarantined.get("stateReason").asString()).contains("malware").contains("Assetgate.Test.Detection");
    }

    private byte[] download(String token, String id, String variant) {
        Http.Response redirect = api.get("/v1/assets/" + id + "/content" + (variant == null ? "" : "?variant="
                + variant), token);
        assertThat(redirect.status()).isEqualTo(303);
        Http.Response r = Http.fetch(redirect.header("Location"));
        assertThat(r.status()).isEqualTo(200);
        return r.bytes();
    }

    private static GpsDirectory gps(byte[] bytes) throws Exception {
        Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes));
        return metadata.getFirstDirectoryOfType(GpsDirectory.class);
    }

    /** Everything from the first quantisation table (DQT) on: the coded image, not its metadata. */
    private static byte[] imageData(byte[] jpeg) {
        for (int i = 2; i < jpeg.length - 1; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xDB) {
                return Arrays.copyOfRange(jpeg, i, jpeg.length);
            }
        }
        throw new AssertionError("no DQT");
    }

    private static boolean isRed(int rgb) {
        int r = (rgb >> 16) & 0xFF;
        int g = (rgb >> 8) & 0xFF;
        int b = rgb & 0xFF;
        return r > 200 && g < 60 && b < 60;
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
