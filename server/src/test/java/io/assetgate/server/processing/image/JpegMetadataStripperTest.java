package io.assetgate.server.processing.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.GpsDirectory;

import io.assetgate.server.support.TestMedia;

/** The stripper on JPEGs whose metadata sits where cameras and editors put it, not only first. */
class JpegMetadataStripperTest {

    private static final byte[] COMMENT = "shot at 12 Example Street".getBytes(StandardCharsets.US_ASCII);

    @Test
    void metadataAfterTheQuantisationTablesIsRemovedToo() throws Exception {
        byte[] original = withSegmentsAfterFirstTable(TestMedia.encode(TestMedia.marked(64, 48), "jpg"),
                TestMedia.exifSegment(1, true), comment());
        assertThat(gps(original)).as("the test photo carries GPS after its DQT").isNotNull();
        assertThat(contains(original, COMMENT)).isTrue();

        byte[] stripped = strip(original, 1);

        assertThat(gps(stripped)).isNull();
        assertThat(contains(stripped, COMMENT)).isFalse();
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(stripped));
        assertThat(decoded.getWidth()).isEqualTo(64);
        assertThat(decoded.getHeight()).isEqualTo(48);
        assertThat(stripped.length).isEqualTo(original.length - TestMedia.exifSegment(1, true).length - comment().length);
    }

    @Test
    void orientationIsKeptWhenTheOnlyExifCameAfterTheTables() throws Exception {
        byte[] original = withSegmentsAfterFirstTable(TestMedia.encode(TestMedia.marked(64, 48), "jpg"),
                TestMedia.exifSegment(6, true));

        byte[] stripped = strip(original, 6);

        assertThat(gps(stripped)).isNull();
        ExifIFD0Directory ifd0 = ImageMetadataReader.readMetadata(new ByteArrayInputStream(stripped))
                .getFirstDirectoryOfType(ExifIFD0Directory.class);
        assertThat(ifd0.getInt(ExifIFD0Directory.TAG_ORIENTATION)).isEqualTo(6);
        assertThat(ImageIO.read(new ByteArrayInputStream(stripped)).getWidth()).isEqualTo(64);
    }

    @Test
    void theCodedImageIsCopiedByteForByte() throws Exception {
        byte[] plain = TestMedia.encode(TestMedia.marked(64, 48), "jpg");
        byte[] original = TestMedia.jpegWithExif(TestMedia.marked(64, 48), 1, true);

        byte[] stripped = strip(original, 1);

        assertThat(gps(stripped)).isNull();
        assertThat(stripped).isEqualTo(plain);
    }

    @Test
    void aSegmentCutShortIsAnErrorNotASilentCopy() {
        byte[] jpeg = withSegmentsAfterFirstTable(TestMedia.encode(TestMedia.marked(64, 48), "jpg"), comment());
        int commentAt = indexOf(jpeg, COMMENT);
        byte[] cut = Arrays.copyOf(jpeg, commentAt + 3);

        assertThatThrownBy(() -> strip(cut, 1)).isInstanceOf(IOException.class);
    }

    private static byte[] strip(byte[] jpeg, int orientation) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JpegMetadataStripper.strip(new ByteArrayInputStream(jpeg), out, orientation);
        return out.toByteArray();
    }

    private static byte[] comment() {
        int length = COMMENT.length + 2;
        ByteArrayOutputStream segment = new ByteArrayOutputStream();
        segment.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) (length >> 8), (byte) length});
        segment.writeBytes(COMMENT);
        return segment.toByteArray();
    }

    /** The JPEG with {@code segments} inserted right after its first quantisation table (DQT). */
    private static byte[] withSegmentsAfterFirstTable(byte[] jpeg, byte[]... segments) {
        for (int i = 2; i < jpeg.length - 3; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xDB) {
                int end = i + 2 + (((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(jpeg, 0, end);
                for (byte[] segment : segments) {
                    out.writeBytes(segment);
                }
                out.write(jpeg, end, jpeg.length - end);
                return out.toByteArray();
            }
        }
        throw new AssertionError("no DQT");
    }

    private static GpsDirectory gps(byte[] jpeg) throws Exception {
        Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(jpeg));
        return metadata.getFirstDirectoryOfType(GpsDirectory.class);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        return indexOf(haystack, needle) >= 0;
    }

    /** Where {@code needle} first occurs in {@code haystack}; Latin-1 maps each byte to one char. */
    private static int indexOf(byte[] haystack, byte[] needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).indexOf(new String(needle, StandardCharsets.ISO_8859_1));
    }
}
