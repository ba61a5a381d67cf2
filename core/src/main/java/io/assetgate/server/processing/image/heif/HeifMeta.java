package io.assetgate.server.processing.image.heif;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code meta} box of a HEIF file (ISO/IEC 23008-12: HEIC, AVIF), read from its top-level
 * boxes without touching any coded image data: the primary item, the items' types, their
 * locations ({@code iloc}), their properties ({@code ipco}/{@code ipma}) and references
 * ({@code iref}). Pure Java and bounds-checked throughout, so it is safe to run on hostile
 * files before any native decoder sees them.
 */
final class HeifMeta {

    /** Larger meta boxes are refused: real ones are a few kilobytes. */
    static final int MAX_META_BYTES = 4 << 20;

    final List<String> brands;
    final long metaStart;
    final Box meta;
    final List<Box> children;
    final int primaryItem;
    final Map<Integer, String> itemTypes;
    final Iloc iloc;
    final List<Box> properties;
    final Ipma ipma;

    private HeifMeta(List<String> brands, long metaStart, Box meta) {
        this.brands = brands;
        this.metaStart = metaStart;
        this.meta = meta;
        // meta is a FullBox: version and flags first.
        this.children = Box.parse(meta.payload(), 4, meta.payload().length);
        this.primaryItem = readPitm(require("pitm"));
        this.itemTypes = readItemTypes(require("iinf"));
        this.iloc = Iloc.read(require("iloc").payload());
        Box iprp = require("iprp");
        List<Box> iprpChildren = Box.parse(iprp.payload(), 0, iprp.payload().length);
        Box ipco = Box.find(iprpChildren, "ipco");
        Box ipmaBox = Box.find(iprpChildren, "ipma");
        if (ipco == null || ipmaBox == null) {
            throw new IllegalArgumentException("no item properties");
        }
        this.properties = Box.parse(ipco.payload(), 0, ipco.payload().length);
        this.ipma = Ipma.read(ipmaBox.payload());
    }

    /** Reads the top-level {@code ftyp} and {@code meta} of {@code file}; throws when it is no HEIF. */
    static HeifMeta read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long at = 0;
            List<String> brands = null;
            while (at + 8 <= size) {
                ByteBuffer header = ByteBuffer.allocate(16);
                ch.read(header, at);
                header.flip();
                long boxSize = Integer.toUnsignedLong(header.getInt());
                String type = new String(header.array(), 4, 4, StandardCharsets.ISO_8859_1);
                int headerSize = 8;
                if (boxSize == 1) {
                    boxSize = header.getLong(8);
                    headerSize = 16;
                } else if (boxSize == 0) {
                    boxSize = size - at;
                }
                if (boxSize < headerSize || boxSize > size - at) {
                    throw new IllegalArgumentException("box " + type + " claims more bytes than the file has");
                }
                if (brands == null && !type.equals("ftyp")) {
                    throw new IllegalArgumentException("not an ISO media file: no ftyp first");
                }
                if (type.equals("ftyp") || type.equals("meta")) {
                    if (boxSize > MAX_META_BYTES) {
                        throw new IllegalArgumentException(type + " is implausibly large: " + boxSize + " bytes");
                    }
                    ByteBuffer payload = ByteBuffer.allocate((int) boxSize - headerSize);
                    ch.read(payload, at + headerSize);
                    Box box = new Box(type, 0, headerSize, payload.array());
                    if (type.equals("ftyp")) {
                        brands = brands(box);
                    } else {
                        return new HeifMeta(brands, at, box);
                    }
                }
                at += boxSize;
            }
            throw new IllegalArgumentException("no meta box: not a HEIF image");
        }
    }

    /** The properties associated with {@code item}, in association order (the order transforms apply in). */
    List<Box> propertiesOf(int item) {
        List<Box> out = new ArrayList<>();
        for (int index : ipma.associations.getOrDefault(item, List.of())) {
            if (index > 0 && index <= properties.size()) {
                out.add(properties.get(index - 1));
            }
        }
        return out;
    }

    /** The items whose type is one of {@code types}. */
    Set<Integer> itemsOfType(Set<String> types) {
        Set<Integer> out = new java.util.TreeSet<>();
        itemTypes.forEach((id, type) -> {
            if (types.contains(type)) {
                out.add(id);
            }
        });
        return out;
    }

    Box require(String type) {
        Box box = Box.find(children, type);
        if (box == null) {
            throw new IllegalArgumentException("no " + type + " box");
        }
        return box;
    }

    private static int readPitm(Box pitm) {
        Box.Reader r = new Box.Reader(pitm.payload());
        int version = r.u8();
        r.skip(3);
        return (int) (version == 0 ? r.u16() : r.u32());
    }

    private static List<String> brands(Box ftyp) {
        Box.Reader r = new Box.Reader(ftyp.payload());
        List<String> brands = new ArrayList<>();
        brands.add(r.fourCc());
        r.skip(4);
        while (r.remaining() >= 4) {
            brands.add(r.fourCc());
        }
        return brands;
    }

    /** Item id to item type, from the {@code infe} entries (versions 2 and 3). */
    static Map<Integer, String> readItemTypes(Box iinf) {
        Box.Reader r = new Box.Reader(iinf.payload());
        int version = r.u8();
        r.skip(3);
        if (version == 0) {
            r.u16();
        } else {
            r.u32();
        }
        Map<Integer, String> types = new LinkedHashMap<>();
        for (Box infe : Box.parse(iinf.payload(), r.position(), iinf.payload().length)) {
            Entry e = Entry.of(infe);
            types.put(e.id, e.type);
        }
        return types;
    }

    /** One {@code infe}: its item id and type. */
    record Entry(int id, String type) {
        static Entry of(Box infe) {
            Box.Reader r = new Box.Reader(infe.payload());
            int version = r.u8();
            r.skip(3);
            if (version < 2) {
                throw new IllegalArgumentException("item info entries before version 2 are not supported");
            }
            int id = (int) (version == 2 ? r.u16() : r.u32());
            r.u16();
            return new Entry(id, r.fourCc());
        }
    }

    /** Item property associations: item id to 1-based indexes into {@code ipco}. */
    record Ipma(int version, int flags, Map<Integer, List<Integer>> associations, Map<Integer, List<Boolean>> essential) {

        static Ipma read(byte[] payload) {
            Box.Reader r = new Box.Reader(payload);
            int version = r.u8();
            int flags = (r.u8() << 16) | (r.u8() << 8) | r.u8();
            long count = r.u32();
            Map<Integer, List<Integer>> associations = new LinkedHashMap<>();
            Map<Integer, List<Boolean>> essential = new LinkedHashMap<>();
            for (long i = 0; i < count; i++) {
                int item = (int) (version < 1 ? r.u16() : r.u32());
                int n = r.u8();
                List<Integer> indexes = new ArrayList<>();
                List<Boolean> flagsOf = new ArrayList<>();
                for (int j = 0; j < n; j++) {
                    int v = (flags & 1) != 0 ? r.u16() : r.u8();
                    int high = (flags & 1) != 0 ? 0x8000 : 0x80;
                    flagsOf.add((v & high) != 0);
                    indexes.add(v & (high - 1));
                }
                associations.put(item, indexes);
                essential.put(item, flagsOf);
            }
            return new Ipma(version, flags, associations, essential);
        }

        byte[] write() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer b = ByteBuffer.allocate(8);
            b.put((byte) version).put((byte) (flags >> 16)).put((byte) (flags >> 8)).put((byte) flags);
            b.putInt(associations.size());
            out.writeBytes(b.array());
            boolean wide = (flags & 1) != 0;
            associations.forEach((item, indexes) -> {
                ByteBuffer e = ByteBuffer.allocate(5 + indexes.size() * 2);
                if (version < 1) {
                    e.putShort((short) (int) item);
                } else {
                    e.putInt(item);
                }
                e.put((byte) indexes.size());
                List<Boolean> ess = essential.get(item);
                for (int j = 0; j < indexes.size(); j++) {
                    int v = indexes.get(j) | (ess.get(j) ? (wide ? 0x8000 : 0x80) : 0);
                    if (wide) {
                        e.putShort((short) v);
                    } else {
                        e.put((byte) v);
                    }
                }
                out.write(e.array(), 0, e.position());
            });
            return out.toByteArray();
        }
    }
}
