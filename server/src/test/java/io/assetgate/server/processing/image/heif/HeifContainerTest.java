package io.assetgate.server.processing.image.heif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.assetgate.server.support.PhoneMedia;

/** The pure-Java container reader and rewriter on files made by heif-enc and exiftool, checked by libheif. */
class HeifContainerTest {

    @TempDir
    Path dir;

    @Test
    void readsTheDisplayedSizeFromTheContainersRotation() throws Exception {
        Path heic = Files.write(dir.resolve("a.heic"), PhoneMedia.iphoneHeic(640, 480));

        HeifHeader header = HeifHeader.read(heic);

        assertThat(header).isEqualTo(new HeifHeader("heic", 640, 480, 480, 640));
        // libheif agrees: the irot the test added is well-formed.
        String info = run("heif-info", heic.toString());
        assertThat(info).contains("480x640");
        // A grid of 512x512 tiles: the shape iPhones write.
        HeifMeta meta = HeifMeta.read(heic);
        assertThat(meta.itemTypes.get(meta.primaryItem)).isEqualTo("grid");
        assertThat(meta.itemsOfType(java.util.Set.of("hvc1"))).hasSize(2);
    }

    @Test
    void readsAvif() throws Exception {
        Path avif = Files.write(dir.resolve("a.avif"), PhoneMedia.avif(320, 200));

        assertThat(HeifHeader.read(avif)).isEqualTo(new HeifHeader("avif", 320, 200, 320, 200));
    }

    @Test
    void stripsExifAndXmpWithoutReencodingAndLibheifStillDecodesIt() throws Exception {
        Path heic = Files.write(dir.resolve("a.heic"), PhoneMedia.iphoneHeic(640, 480));
        assertThat(PhoneMedia.gpsAndXmp(Files.readAllBytes(heic))).contains("GPSLatitude").contains("Creator");
        Path stripped = dir.resolve("stripped.heic");

        assertThat(HeifRewriter.stripMetadata(heic, stripped)).isTrue();

        byte[] bytes = Files.readAllBytes(stripped);
        assertThat(PhoneMedia.gpsAndXmp(bytes)).doesNotContain("GPS").doesNotContain("Creator")
                .doesNotContain("DateTimeOriginal");
        assertThat(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("Exif\0\0")
                .doesNotContain("http://ns.adobe.com/xap");
        assertThat(HeifHeader.read(stripped)).isEqualTo(HeifHeader.read(heic));
        String info = run("heif-info", stripped.toString());
        assertThat(info).contains("480x640").doesNotContain("Exif");
        run("heif-convert", stripped.toString(), dir.resolve("decoded.png").toString());
        assertThat(Files.size(dir.resolve("decoded.png"))).isPositive();
        // The coded image is the same: only the meta box and the metadata bytes changed.
        assertThat(bytes.length).isLessThan((int) Files.size(heic));
        assertThat(HeifRewriter.stripMetadata(stripped, dir.resolve("again.heic"))).isFalse();
    }

    @Test
    void refusesWhatIsNoHeif() throws Exception {
        Path zip = Files.write(dir.resolve("z.heic"), new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 0, 0});
        Path truncated = dir.resolve("t.heic");
        byte[] heic = PhoneMedia.iphoneHeic(64, 64);
        Files.write(truncated, java.util.Arrays.copyOf(heic, 200));

        assertThatThrownBy(() -> HeifHeader.read(zip)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HeifHeader.read(truncated)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
