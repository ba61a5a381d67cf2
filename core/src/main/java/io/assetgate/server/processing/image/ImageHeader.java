package io.assetgate.server.processing.image;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.Iterator;
import java.util.Optional;
import java.util.TimeZone;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;

/**
 * What an image's headers declare, read without decoding any pixel: this is what the
 * decompression-bomb and frame limits are checked against before anything is decoded.
 *
 * @param format the decoder's format name
 * @param width stored width in pixels
 * @param height stored height in pixels
 * @param frames frames in the file (1 for still images)
 * @param orientation EXIF orientation, 1 (upright) when absent
 * @param capturedAt the EXIF original date, or null
 */
public record ImageHeader(String format, int width, int height, int frames, int orientation, Instant capturedAt) {

    /** Width and height once the orientation is applied. */
    public int uprightWidth() {
        return orientation >= 5 ? height : width;
    }

    public int uprightHeight() {
        return orientation >= 5 ? width : height;
    }

    public long pixels() {
        return (long) width * height;
    }

    /**
     * The header of the image in {@code file}, or empty when no decoder recognises it. Frames are
     * counted up to {@code frameLimit} + 1 only, so a file of countless frames costs no more than that.
     */
    public static Optional<ImageHeader> read(Path file, int frameLimit) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, false, true);
                String format = reader.getFormatName().toLowerCase();
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                int frames = format.equals("gif") ? countFrames(reader, frameLimit) : 1;
                int orientation = 1;
                Instant captured = null;
                Metadata exif = exif(file);
                if (exif != null) {
                    orientation = orientation(exif);
                    captured = capturedAt(exif);
                }
                return Optional.of(new ImageHeader(format, width, height, frames, orientation, captured));
            } finally {
                reader.dispose();
            }
        }
    }

    /** The EXIF capture time of any file metadata-extractor reads (JPEG, HEIF, PNG...), or null. */
    public static Instant exifCapturedAt(Path file) {
        Metadata exif = exif(file);
        return exif == null ? null : capturedAt(exif);
    }

    /** Walks frame headers without decoding pixels, stopping one past the limit. */
    private static int countFrames(ImageReader reader, int limit) throws IOException {
        int frames = 1;
        try {
            while (frames <= limit) {
                reader.getWidth(frames);
                frames++;
            }
        } catch (IndexOutOfBoundsException end) {
            // no more frames
        }
        return frames;
    }

    private static Metadata exif(Path file) {
        try {
            return ImageMetadataReader.readMetadata(file.toFile());
        } catch (ImageProcessingException | IOException | RuntimeException e) {
            // Broken metadata is not a broken image: treat it as absent.
            return null;
        }
    }

    private static int orientation(Metadata metadata) {
        ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
        if (ifd0 != null && ifd0.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
            Integer value = ifd0.getInteger(ExifIFD0Directory.TAG_ORIENTATION);
            if (value != null && value >= 1 && value <= 8) {
                return value;
            }
        }
        return 1;
    }

    private static Instant capturedAt(Metadata metadata) {
        ExifSubIFDDirectory sub = metadata.getFirstDirectoryOfType(ExifSubIFDDirectory.class);
        if (sub == null) {
            return null;
        }
        // Cameras record local time without a zone; UTC is the least surprising reading of it.
        Date date = sub.getDateOriginal(TimeZone.getTimeZone("UTC"));
        return date == null ? null : date.toInstant();
    }
}
