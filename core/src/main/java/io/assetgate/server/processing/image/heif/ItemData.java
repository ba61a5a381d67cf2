package io.assetgate.server.processing.image.heif;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where an item's bytes are, from {@code iloc}, checked against the file before anything is
 * read: in the file itself (construction method 0) or in the {@code meta} box's {@code idat}
 * (method 1). Other files (a data reference) and other items (method 2) are refused.
 *
 * @param ranges for method 0, {offset, length} pairs in the file; for method 1, in {@code idat}
 * @param inIdat true for method 1
 */
record ItemData(List<long[]> ranges, boolean inIdat, byte[] idat) {

    static ItemData of(HeifMeta meta, int item, long fileSize) {
        Iloc.Location l = meta.iloc.of(item);
        if (l == null) {
            throw new IllegalArgumentException("item " + item + " has no location");
        }
        if (l.dataReference() != 0 || l.constructionMethod() > 1) {
            throw new IllegalArgumentException("item " + item + " is stored elsewhere (method "
                    + l.constructionMethod() + ")");
        }
        boolean inIdat = l.constructionMethod() == 1;
        byte[] idat = null;
        long limit = fileSize;
        if (inIdat) {
            idat = meta.require("idat").payload();
            limit = idat.length;
        }
        List<long[]> ranges = new ArrayList<>();
        for (Iloc.Extent e : l.extents()) {
            long start = l.baseOffset() + e.offset();
            long length = e.length() == 0 ? limit - start : e.length();
            if (start < 0 || length <= 0 || start > limit || length > limit - start) {
                throw new IllegalArgumentException("item " + item + " lies outside the file");
            }
            ranges.add(new long[] {start, length});
        }
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("item " + item + " has no data");
        }
        return new ItemData(List.copyOf(ranges), inIdat, idat);
    }

    long length() {
        return ranges.stream().mapToLong(r -> r[1]).sum();
    }

    /** The bytes, read as they are needed (the channel is not closed). */
    InputStream open(FileChannel file) {
        List<InputStream> parts = new ArrayList<>();
        for (long[] r : ranges) {
            if (inIdat) {
                parts.add(new ByteArrayInputStream(idat, (int) r[0], (int) r[1]));
            } else {
                parts.add(new BoundedStream(file, r[0], r[1]));
            }
        }
        return new SequenceInputStream(Collections.enumeration(parts));
    }

    /** All the bytes; only for small items (a grid descriptor). */
    byte[] readAll(FileChannel file, int max) throws IOException {
        if (length() > max) {
            throw new IllegalArgumentException("an item is implausibly large: " + length() + " bytes");
        }
        try (InputStream in = open(file)) {
            return in.readNBytes((int) length());
        }
    }

    /** {@code length} bytes of {@code file} from {@code start}, read at their position. */
    private static final class BoundedStream extends InputStream {
        private final FileChannel file;
        private long position;
        private long left;

        BoundedStream(FileChannel file, long start, long length) {
            this.file = file;
            this.position = start;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = file.read(java.nio.ByteBuffer.wrap(b, off, (int) Math.min(len, left)), position);
            if (n < 0) {
                throw new IOException("the file ended inside an item");
            }
            position += n;
            left -= n;
            return n;
        }
    }
}
