package io.assetgate.server.processing.image.heif;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites a HEIF file's {@code meta} box without re-encoding anything: drops items (the
 * original's Exif and XMP) and can associate extra properties with the primary item. The
 * coded image data is copied byte for byte; the dropped items' bytes are overwritten with
 * zeros, and every file offset in {@code iloc} behind the meta box moves by its change in size.
 */
public final class HeifRewriter {

    /** Item types of metadata: Exif, and {@code mime} items (XMP). */
    static final Set<String> METADATA_ITEMS = Set.of("Exif", "mime");

    private HeifRewriter() {
    }

    /**
     * Writes {@code in} to {@code out} without its Exif and XMP items. Answers false, writing
     * nothing, when there are none.
     */
    public static boolean stripMetadata(Path in, Path out) throws IOException {
        HeifMeta meta = HeifMeta.read(in);
        Set<Integer> drop = meta.itemsOfType(METADATA_ITEMS);
        if (drop.isEmpty()) {
            return false;
        }
        rewrite(meta, in, out, drop, List.of());
        return true;
    }

    /** Writes {@code in} to {@code out} with {@code extra} properties (whole boxes) added to the primary item. */
    public static void addPrimaryProperties(Path in, Path out, List<byte[]> extra) throws IOException {
        HeifMeta meta = HeifMeta.read(in);
        rewrite(meta, in, out, Set.of(), extra);
    }

    private static void rewrite(HeifMeta meta, Path in, Path out, Set<Integer> drop, List<byte[]> extra)
            throws IOException {
        long oldEnd = meta.metaStart + meta.meta.size();
        byte[] sized = metaBox(meta, drop, extra, oldEnd, 0);
        long shift = sized.length - meta.meta.size();
        byte[] newMeta = metaBox(meta, drop, extra, oldEnd, shift);
        List<long[]> zero = new ArrayList<>();
        for (int item : drop) {
            Iloc.Location l = meta.iloc.of(item);
            if (l != null && l.constructionMethod() == 0) {
                for (Iloc.Extent e : l.extents()) {
                    zero.add(new long[] {l.baseOffset() + e.offset(), e.length()});
                }
            }
        }
        try (InputStream src = Files.newInputStream(in); OutputStream dst = Files.newOutputStream(out)) {
            copy(src, dst, meta.metaStart, 0, List.of());
            dst.write(newMeta);
            src.skipNBytes(meta.meta.size());
            copy(src, dst, Long.MAX_VALUE, oldEnd, zero);
        }
    }

    /** Copies up to {@code count} bytes, from file position {@code at}, writing zeros over the {@code zero} ranges. */
    private static void copy(InputStream src, OutputStream dst, long count, long at, List<long[]> zero)
            throws IOException {
        byte[] buffer = new byte[1 << 16];
        long left = count;
        long pos = at;
        while (left > 0) {
            int n = src.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                return;
            }
            for (long[] z : zero) {
                long from = Math.max(pos, z[0]);
                long to = Math.min(pos + n, z[0] + z[1]);
                if (from < to) {
                    java.util.Arrays.fill(buffer, (int) (from - pos), (int) (to - pos), (byte) 0);
                }
            }
            dst.write(buffer, 0, n);
            pos += n;
            left -= n;
        }
    }

    private static byte[] metaBox(HeifMeta meta, Set<Integer> drop, List<byte[]> extra, long oldEnd, long shift) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.write(meta.meta.payload(), 0, 4);
        for (Box child : meta.children) {
            byte[] body = switch (child.type()) {
                case "iinf" -> iinf(child, drop);
                case "iloc" -> meta.iloc.write(drop, oldEnd, shift);
                case "iref" -> iref(child, drop);
                case "iprp" -> iprp(meta, drop, extra);
                default -> child.payload();
            };
            Box.writeTo(payload, child.type(), body);
        }
        return Box.write("meta", payload.toByteArray());
    }

    private static byte[] iinf(Box iinf, Set<Integer> drop) {
        Box.Reader r = new Box.Reader(iinf.payload());
        int version = r.u8();
        r.skip(3);
        int start = version == 0 ? 6 : 8;
        List<Box> kept = Box.parse(iinf.payload(), start, iinf.payload().length).stream()
                .filter(b -> !drop.contains(HeifMeta.Entry.of(b).id())).toList();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(iinf.payload(), 0, 4);
        ByteBuffer count = ByteBuffer.allocate(version == 0 ? 2 : 4);
        if (version == 0) {
            count.putShort((short) kept.size());
        } else {
            count.putInt(kept.size());
        }
        out.writeBytes(count.array());
        kept.forEach(b -> Box.writeTo(out, b.type(), b.payload()));
        return out.toByteArray();
    }

    private static byte[] iref(Box iref, Set<Integer> drop) {
        int version = iref.payload()[0];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(iref.payload(), 0, 4);
        for (Box ref : Box.parse(iref.payload(), 4, iref.payload().length)) {
            Box.Reader r = new Box.Reader(ref.payload());
            long from = version == 0 ? r.u16() : r.u32();
            int n = r.u16();
            List<Long> to = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long id = version == 0 ? r.u16() : r.u32();
                if (!drop.contains((int) id)) {
                    to.add(id);
                }
            }
            if (drop.contains((int) from) || to.isEmpty()) {
                continue;
            }
            ByteBuffer b = ByteBuffer.allocate(6 + to.size() * 4);
            if (version == 0) {
                b.putShort((short) from).putShort((short) to.size());
                to.forEach(id -> b.putShort((short) (long) id));
            } else {
                b.putInt((int) from).putShort((short) to.size());
                to.forEach(id -> b.putInt((int) (long) id));
            }
            Box.writeTo(out, ref.type(), java.util.Arrays.copyOf(b.array(), b.position()));
        }
        return out.toByteArray();
    }

    private static byte[] iprp(HeifMeta meta, Set<Integer> drop, List<byte[]> extra) {
        ByteArrayOutputStream ipco = new ByteArrayOutputStream();
        meta.properties.forEach(p -> Box.writeTo(ipco, p.type(), p.payload()));
        extra.forEach(ipco::writeBytes);
        Map<Integer, List<Integer>> associations = new java.util.LinkedHashMap<>();
        Map<Integer, List<Boolean>> essential = new java.util.LinkedHashMap<>();
        meta.ipma.associations().forEach((item, indexes) -> {
            if (!drop.contains(item)) {
                associations.put(item, new ArrayList<>(indexes));
                essential.put(item, new ArrayList<>(meta.ipma.essential().get(item)));
            }
        });
        for (int i = 0; i < extra.size(); i++) {
            // Transform properties are essential: a reader that cannot apply them must not show the image.
            associations.computeIfAbsent(meta.primaryItem, k -> new ArrayList<>()).add(meta.properties.size() + i + 1);
            essential.computeIfAbsent(meta.primaryItem, k -> new ArrayList<>()).add(true);
        }
        HeifMeta.Ipma ipma = new HeifMeta.Ipma(meta.ipma.version(), meta.ipma.flags(), associations, essential);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Box.writeTo(out, "ipco", ipco.toByteArray());
        Box.writeTo(out, "ipma", ipma.write());
        return out.toByteArray();
    }
}
