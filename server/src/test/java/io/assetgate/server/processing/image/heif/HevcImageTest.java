package io.assetgate.server.processing.image.heif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.assetgate.server.support.PhoneMedia;

/**
 * The pure-Java reader of a HEIC's HEVC layout, on files made by heif-enc and laid out as
 * iPhones do (a grid of 512x512 tiles): tiles, grid size, transforms in order, colour matrix,
 * the Annex B stream ffmpeg decodes, and clear refusals of what it does not handle or what is corrupt.
 */
class HevcImageTest {

    @TempDir
    Path dir;

    @Test
    void readsAnIphoneLikeGridWithItsRotation() throws Exception {
        Path heic = Files.write(dir.resolve("a.heic"), PhoneMedia.iphoneHeic(1600, 1200));

        HevcImage image = HevcImage.read(heic);

        assertThat(image.width()).isEqualTo(1600);
        assertThat(image.height()).isEqualTo(1200);
        assertThat(image.tileWidth()).isEqualTo(512);
        assertThat(image.tileHeight()).isEqualTo(512);
        assertThat(image.columns()).isEqualTo(4);
        assertThat(image.tileCount()).isEqualTo(12);
        assertThat(image.transforms()).containsExactly(new HevcImage.Rotate(3));
        // heif-enc writes an nclx box: full-range BT.601, as libheif assumes when there is none.
        assertThat(image.matrix()).isEqualTo(new HevcImage.Matrix(0.299, 0.114, true));
    }

    @Test
    void writesOnePictureOfParameterSetsAndSlicesPerTile() throws Exception {
        Path heic = Files.write(dir.resolve("a.heic"), PhoneMedia.iphoneHeic(1024, 512));
        HevcImage image = HevcImage.read(heic);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        image.writeAnnexB(heic, out);

        byte[] stream = out.toByteArray();
        // NAL unit types after each start code: VPS 32, SPS 33, PPS 34, then the slices of the tile.
        List<Integer> types = new java.util.ArrayList<>();
        for (int i = 0; i + 4 < stream.length; i++) {
            if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 0 && stream[i + 3] == 1) {
                types.add((stream[i + 4] >> 1) & 63);
            }
        }
        assertThat(types.stream().filter(t -> t == 33).count()).isEqualTo(2);
        assertThat(types.subList(0, 3)).containsExactly(32, 33, 34);
        assertThat(types.stream().filter(t -> t < 32).count()).as(types.toString()).isGreaterThanOrEqualTo(2);
        // ffmpeg reads it as two 512x512 pictures.
        Path file = Files.write(dir.resolve("tiles.hevc"), stream);
        String probe = run("ffprobe", "-v", "error", "-count_frames", "-show_entries",
                "stream=width,height,nb_read_frames", "-of", "csv=p=0", file.toString());
        assertThat(probe.strip()).isEqualTo("512,512,2");
    }

    @Test
    void placesTheCleanApertureAndKeepsTheTransformsInOrder() throws Exception {
        Path grid = Files.write(dir.resolve("a.heic"), PhoneMedia.iphoneHeic(1024, 768));
        Path withMore = dir.resolve("b.heic");
        // Keep 600x800, 10 pixels right of centre; then mirror with axis 1.
        HeifRewriter.addPrimaryProperties(grid, withMore, List.of(clap(600, 800, 10, 0), imir(1)));

        HevcImage image = HevcImage.read(withMore);

        // The phone-like file's irot comes first, so the crop lies in the turned 768x1024 image:
        // left = 10 + (768 - 600) / 2, top = (1024 - 800) / 2.
        assertThat(image.transforms()).containsExactly(new HevcImage.Rotate(3), new HevcImage.Crop(94, 112, 600, 800),
                new HevcImage.Mirror(true));
        assertThat(HeifHeader.read(withMore).displayWidth()).isEqualTo(600);
    }

    @Test
    void refusesACropOutsideTheImage() throws Exception {
        Path grid = Files.write(dir.resolve("a.heic"), PhoneMedia.iphoneHeic(512, 512));
        Path bad = dir.resolve("b.heic");
        HeifRewriter.addPrimaryProperties(grid, bad, List.of(clap(400, 400, 300, 0)));

        assertThatThrownBy(() -> HevcImage.read(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clap");
    }

    @Test
    void refusesATileThatLiesOutsideTheFile() throws Exception {
        byte[] heic = PhoneMedia.iphoneHeic(1024, 512);
        Path cut = Files.write(dir.resolve("cut.heic"), java.util.Arrays.copyOf(heic, heic.length * 2 / 3));

        assertThatThrownBy(() -> HevcImage.read(cut)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the file");
    }

    @Test
    void refusesANalUnitLongerThanItsTile() throws Exception {
        Path heic = Files.write(dir.resolve("a.heic"), PhoneMedia.iphoneHeic(512, 512));
        HevcImage image = HevcImage.read(heic);
        // The first tile's first NAL length field, made larger than the whole file.
        HeifMeta meta = HeifMeta.read(heic);
        int tile = meta.itemsOfType(java.util.Set.of("hvc1")).iterator().next();
        Iloc.Location at = meta.iloc.of(tile);
        byte[] bytes = Files.readAllBytes(heic);
        int offset = (int) (at.baseOffset() + at.extents().get(0).offset());
        ByteBuffer.wrap(bytes, offset, 4).putInt(0x7fff0000);
        Files.write(heic, bytes);

        assertThatThrownBy(() -> image.writeAnnexB(heic, new ByteArrayOutputStream()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NAL unit claims");
    }

    @Test
    void refusesWhatItLeavesToLibheif() throws Exception {
        Path avif = Files.write(dir.resolve("a.avif"), PhoneMedia.avif(64, 64));
        Path zip = Files.write(dir.resolve("z.heic"), new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 0, 0});

        assertThatThrownBy(() -> HevcImage.read(avif)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not HEVC");
        assertThatThrownBy(() -> HevcImage.read(zip)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAGridWhoseTilesDoNotMatchItsSize() throws Exception {
        byte[] heic = PhoneMedia.iphoneHeic(1024, 512);
        // The grid descriptor in idat (8 bytes: version, flags, rows-1, columns-1, width, height): claim 3 columns.
        int idat = indexOf(heic, "idat");
        heic[idat + 4 + 3] = 2;
        Path bad = Files.write(dir.resolve("bad.heic"), heic);

        assertThatThrownBy(() -> HevcImage.read(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tiles");
    }

    static byte[] clap(int width, int height, int horizontalOffset, int verticalOffset) {
        ByteBuffer b = ByteBuffer.allocate(40);
        b.putInt(40).put("clap".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        b.putInt(width).putInt(1).putInt(height).putInt(1).putInt(horizontalOffset).putInt(1)
                .putInt(verticalOffset).putInt(1);
        return b.array();
    }

    static byte[] imir(int axis) {
        return new byte[] {0, 0, 0, 9, 'i', 'm', 'i', 'r', (byte) axis};
    }

    private static int indexOf(byte[] data, String type) {
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        outer:
        for (int i = 0; i + 4 <= data.length; i++) {
            for (int j = 0; j < 4; j++) {
                if (data[i + j] != t[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("no " + type);
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
