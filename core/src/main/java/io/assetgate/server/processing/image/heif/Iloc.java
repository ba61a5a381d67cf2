package io.assetgate.server.processing.image.heif;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The item location box: where each item's bytes are ({@code construction_method} 0: in the
 * file, at absolute offsets; 1: inside {@code idat}). Written back with the same field sizes,
 * so a rewritten {@code iloc} is exactly as long as the original one minus dropped items.
 */
record Iloc(int version, int offsetSize, int lengthSize, int baseOffsetSize, int indexSize, List<Location> items) {

    /** One item's extents. */
    record Location(int item, int constructionMethod, int dataReference, long baseOffset, List<Extent> extents) {
    }

    /** A run of an item's bytes: at {@code baseOffset + offset}, {@code length} long (0: to the end). */
    record Extent(long index, long offset, long length) {
    }

    static Iloc read(byte[] payload) {
        Box.Reader r = new Box.Reader(payload);
        int version = r.u8();
        r.skip(3);
        if (version > 2) {
            throw new IllegalArgumentException("iloc version " + version + " is not supported");
        }
        int sizes = r.u16();
        int offsetSize = sizes >> 12;
        int lengthSize = (sizes >> 8) & 15;
        int baseOffsetSize = (sizes >> 4) & 15;
        int indexSize = version >= 1 ? sizes & 15 : 0;
        long count = version < 2 ? r.u16() : r.u32();
        List<Location> items = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            int item = (int) (version < 2 ? r.u16() : r.u32());
            int method = 0;
            if (version >= 1) {
                method = r.u16() & 15;
            }
            int dataReference = r.u16();
            long base = r.sized(baseOffsetSize);
            int extentCount = r.u16();
            List<Extent> extents = new ArrayList<>();
            for (int e = 0; e < extentCount; e++) {
                long index = version >= 1 && indexSize > 0 ? r.sized(indexSize) : 0;
                extents.add(new Extent(index, r.sized(offsetSize), r.sized(lengthSize)));
            }
            items.add(new Location(item, method, dataReference, base, extents));
        }
        return new Iloc(version, offsetSize, lengthSize, baseOffsetSize, indexSize, items);
    }

    Location of(int item) {
        return items.stream().filter(l -> l.item == item).findFirst().orElse(null);
    }

    /**
     * The box payload without {@code drop}ped items, with every file offset at or past
     * {@code movedFrom} moved by {@code shift} (the change in size of the meta box before them).
     */
    byte[] write(java.util.Set<Integer> drop, long movedFrom, long shift) {
        int room = 12;
        for (Location l : items) {
            room += 10 + baseOffsetSize + l.extents.size() * (indexSize + offsetSize + lengthSize);
        }
        ByteBuffer b = ByteBuffer.allocate(room);
        b.put((byte) version).put((byte) 0).put((byte) 0).put((byte) 0);
        b.putShort((short) (offsetSize << 12 | lengthSize << 8 | baseOffsetSize << 4 | indexSize));
        List<Location> kept = items.stream().filter(l -> !drop.contains(l.item)).toList();
        if (version < 2) {
            b.putShort((short) kept.size());
        } else {
            b.putInt(kept.size());
        }
        for (Location l : kept) {
            if (version < 2) {
                b.putShort((short) l.item);
            } else {
                b.putInt(l.item);
            }
            if (version >= 1) {
                b.putShort((short) l.constructionMethod);
            }
            b.putShort((short) l.dataReference);
            boolean inFile = l.constructionMethod == 0;
            long base = l.baseOffset;
            boolean moveBase = inFile && baseOffsetSize > 0 && base >= movedFrom;
            if (moveBase) {
                base += shift;
            }
            put(b, baseOffsetSize, base);
            b.putShort((short) l.extents.size());
            for (Extent e : l.extents) {
                if (version >= 1 && indexSize > 0) {
                    put(b, indexSize, e.index);
                }
                long offset = e.offset;
                if (inFile && !moveBase && base + offset >= movedFrom) {
                    offset += shift;
                }
                put(b, offsetSize, offset);
                put(b, lengthSize, e.length);
            }
        }
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    private static void put(ByteBuffer b, int size, long value) {
        switch (size) {
            case 0 -> { }
            case 4 -> b.putInt((int) value);
            case 8 -> b.putLong(value);
            default -> throw new IllegalArgumentException("unsupported field size " + size);
        }
    }
}
