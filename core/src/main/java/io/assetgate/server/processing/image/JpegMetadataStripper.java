package io.assetgate.server.processing.image;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Removes a JPEG's metadata losslessly: the EXIF/XMP (APP1), IPTC/Photoshop (APP13), other
 * application segments and comments are dropped wherever they sit before the first scan,
 * and the tables, the frame header and the coded image are copied byte for byte. JFIF
 * (APP0), ICC colour profiles (APP2) and Adobe colour transforms (APP14) stay, because
 * decoders need them to show the right colours.
 * When the original was not upright, a minimal EXIF with only its orientation is written,
 * so the stripped photo still displays the right way up.
 */
public final class JpegMetadataStripper {

    private static final int START_OF_SCAN = 0xDA;
    private static final int END_OF_IMAGE = 0xD9;
    private static final int COMMENT = 0xFE;
    private static final int JFIF = 0xE0;

    private JpegMetadataStripper() {
    }

    public static void strip(InputStream source, OutputStream target, int orientation) throws IOException {
        DataInputStream in = new DataInputStream(source);
        if (in.readUnsignedByte() != 0xFF || in.readUnsignedByte() != 0xD8) {
            throw new IOException("not a JPEG");
        }
        target.write(new byte[] {(byte) 0xFF, (byte) 0xD8});
        boolean orientationWritten = orientation == 1;
        while (true) {
            int marker = nextMarker(in);
            if (!orientationWritten && marker != JFIF) {
                // EXIF goes right after JFIF, or first when there is none.
                target.write(orientationSegment(orientation));
                orientationWritten = true;
            }
            if (marker == START_OF_SCAN || marker == END_OF_IMAGE) {
                // From the first scan on, every byte is coded image data: copied as is.
                target.write(0xFF);
                target.write(marker);
                in.transferTo(target);
                return;
            }
            if (hasNoLength(marker)) {
                target.write(0xFF);
                target.write(marker);
                continue;
            }
            int length = in.readUnsignedShort();
            if (length < 2) {
                throw new IOException("malformed JPEG segment length");
            }
            byte[] payload = in.readNBytes(length - 2);
            if (payload.length != length - 2) {
                throw new EOFException("JPEG segment cut short");
            }
            // Metadata can sit after the tables too (some cameras and editors put EXIF there):
            // every segment up to the first scan is looked at, not only the leading ones.
            boolean metadata = (marker >= 0xE0 && marker <= 0xEF) || marker == COMMENT;
            if (!metadata || marker == JFIF || marker == 0xE2 || marker == 0xEE) {
                target.write(0xFF);
                target.write(marker);
                target.write(length >> 8);
                target.write(length & 0xFF);
                target.write(payload);
            }
        }
    }

    /** Markers that stand alone, without a length: TEM, and the restart markers (only inside scans). */
    private static boolean hasNoLength(int marker) {
        return marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7);
    }

    private static int nextMarker(DataInputStream in) throws IOException {
        int b = in.readUnsignedByte();
        if (b != 0xFF) {
            throw new IOException("malformed JPEG segment");
        }
        int marker;
        do {
            marker = in.readUnsignedByte();
        } while (marker == 0xFF);
        return marker;
    }

    /** An APP1 EXIF segment holding one IFD with one entry: the orientation. */
    static byte[] orientationSegment(int orientation) {
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        tiff.writeBytes(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8}); // big endian, IFD0 at offset 8
        tiff.writeBytes(new byte[] {0, 1}); // one entry
        tiff.writeBytes(new byte[] {0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0}); // SHORT, count 1
        tiff.writeBytes(new byte[] {0, 0, 0, 0}); // no next IFD
        byte[] body = tiff.toByteArray();
        int length = 2 + 6 + body.length;
        ByteArrayOutputStream segment = new ByteArrayOutputStream();
        segment.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length});
        segment.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        segment.writeBytes(body);
        return segment.toByteArray();
    }
}
