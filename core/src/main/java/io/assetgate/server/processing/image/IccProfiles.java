package io.assetgate.server.processing.image;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The ICC profile embedded in a JPEG, read from its APP2 {@code ICC_PROFILE} segments (a profile
 * larger than a segment is split over several, numbered), or in a PNG's {@code iCCP} chunk,
 * without decoding any pixel. Phones tag photos Display P3 this way; the variants are converted
 * to sRGB with it.
 */
public final class IccProfiles {

    /** No profile we would trust is larger: a broken or hostile file may claim more. */
    private static final int MAX_PROFILE = 4 << 20;
    private static final byte[] ICC_MARKER = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);

    private IccProfiles() {
    }

    /** The JPEG's embedded profile, or null when it has none or its segments do not add up. */
    public static byte[] fromJpeg(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            return fromJpeg(in);
        } catch (EOFException truncated) {
            return null;
        }
    }

    private static byte[] fromJpeg(DataInputStream in) throws IOException {
        if (in.readUnsignedShort() != 0xFFD8) {
            return null;
        }
        byte[][] chunks = null;
        long total = 0;
        while (true) {
            int marker = in.readUnsignedShort();
            while ((marker & 0xFF00) == 0xFF00 && (marker & 0xFF) == 0xFF) {
                marker = 0xFF00 | in.readUnsignedByte(); // fill bytes before a marker
            }
            if ((marker & 0xFF00) != 0xFF00 || marker == 0xFFDA || marker == 0xFFD9) {
                break; // start of scan (or end): no metadata segment comes after
            }
            if (marker >= 0xFFD0 && marker <= 0xFFD7 || marker == 0xFF01) {
                continue; // markers without a length
            }
            int length = in.readUnsignedShort() - 2;
            if (length < 0) {
                return null;
            }
            if (marker != 0xFFE2 || length < ICC_MARKER.length + 2) {
                skip(in, length);
                continue;
            }
            byte[] segment = in.readNBytes(length);
            if (segment.length < length) {
                return null;
            }
            if (!Arrays.equals(segment, 0, ICC_MARKER.length, ICC_MARKER, 0, ICC_MARKER.length)) {
                continue;
            }
            int sequence = segment[ICC_MARKER.length] & 0xFF;
            int count = segment[ICC_MARKER.length + 1] & 0xFF;
            if (count == 0 || sequence == 0 || sequence > count || chunks != null && chunks.length != count) {
                return null;
            }
            if (chunks == null) {
                chunks = new byte[count][];
            }
            chunks[sequence - 1] = Arrays.copyOfRange(segment, ICC_MARKER.length + 2, segment.length);
            total += chunks[sequence - 1].length;
            if (total > MAX_PROFILE) {
                return null;
            }
        }
        if (chunks == null) {
            return null;
        }
        ByteArrayOutputStream profile = new ByteArrayOutputStream((int) total);
        for (byte[] chunk : chunks) {
            if (chunk == null) {
                return null; // a missing part: better no profile than a corrupt one
            }
            profile.write(chunk);
        }
        return profile.toByteArray();
    }

    /**
     * The PNG's embedded profile (its {@code iCCP} chunk, zlib-compressed), or null when it has
     * none, or it is damaged or implausibly large. Only the chunks before the image data are read.
     */
    public static byte[] fromPng(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readLong() != 0x89504E470D0A1A0AL) {
                return null;
            }
            while (true) {
                long length = Integer.toUnsignedLong(in.readInt());
                int type = in.readInt();
                if (type == 0x49444154 || type == 0x49454E44) {
                    return null; // IDAT or IEND: an iCCP chunk must come before the image data
                }
                if (type != 0x69434350) {
                    skip(in, length + 4);
                    continue;
                }
                if (length > MAX_PROFILE) {
                    return null;
                }
                byte[] chunk = in.readNBytes((int) length);
                int nul = 0;
                while (nul < chunk.length && chunk[nul] != 0) {
                    nul++;
                }
                // Name, its terminating zero, compression method 0 (zlib), then the compressed profile.
                if (nul + 2 > chunk.length || chunk[nul + 1] != 0) {
                    return null;
                }
                return inflate(chunk, nul + 2);
            }
        } catch (EOFException truncated) {
            return null;
        }
    }

    private static byte[] inflate(byte[] data, int from) {
        java.util.zip.Inflater inflater = new java.util.zip.Inflater();
        try {
            inflater.setInput(data, from, data.length - from);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return null; // cut off
                }
                out.write(buffer, 0, n);
                if (out.size() > MAX_PROFILE) {
                    return null;
                }
            }
            return out.toByteArray();
        } catch (java.util.zip.DataFormatException e) {
            return null;
        } finally {
            inflater.end();
        }
    }

    private static void skip(InputStream in, long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException();
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }
}
