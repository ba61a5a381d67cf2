package io.assetgate.server.processing.image.heif;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a grid HEIC as phones write them (ISO/IEC 23008-12 {@code grid} item of HEVC tiles),
 * for tests: heif-enc 1.15 encodes each tile, and this lays the tiles' coded data and
 * {@code hvcC} under one {@code grid} primary item with its {@code ImageGrid} descriptor in
 * {@code idat}. Nothing is re-encoded; libheif reads the result.
 */
public final class HeifGrid {

    private HeifGrid() {
    }

    /**
     * Writes a grid image of {@code width}x{@code height} from {@code tiles} (row by row, each an
     * HEIC from heif-enc, all of one size) to {@code out}.
     */
    public static void write(List<Path> tiles, int columns, int rows, int width, int height, Path out)
            throws IOException {
        List<byte[]> hvcC = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();
        int tileW = 0;
        int tileH = 0;
        for (Path tile : tiles) {
            HeifMeta meta = HeifMeta.read(tile);
            List<Box> props = meta.propertiesOf(meta.primaryItem);
            Box config = Box.find(props, "hvcC");
            hvcC.add(Box.write("hvcC", config.payload()));
            HeifHeader header = HeifHeader.read(tile);
            tileW = header.width();
            tileH = header.height();
            Iloc.Location location = meta.iloc.of(meta.primaryItem);
            byte[] file = Files.readAllBytes(tile);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (Iloc.Extent e : location.extents()) {
                bytes.write(file, (int) (location.baseOffset() + e.offset()), (int) e.length());
            }
            data.add(bytes.toByteArray());
        }
        byte[] ftyp = Box.write("ftyp", ascii("heic", 0, "mif1", "heic"));
        byte[] sized = meta(hvcC, data, tileW, tileH, columns, rows, width, height, 0);
        long mdatStart = ftyp.length + sized.length + 8;
        byte[] meta = meta(hvcC, data, tileW, tileH, columns, rows, width, height, mdatStart);
        ByteArrayOutputStream mdat = new ByteArrayOutputStream();
        data.forEach(mdat::writeBytes);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(ftyp);
        file.writeBytes(meta);
        Box.writeTo(file, "mdat", mdat.toByteArray());
        Files.write(out, file.toByteArray());
    }

    private static byte[] meta(List<byte[]> hvcC, List<byte[]> data, int tileW, int tileH, int columns, int rows,
            int width, int height, long mdatStart) {
        int n = data.size();
        int gridId = 1;
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        meta.writeBytes(new byte[4]);
        meta.writeBytes(Box.write("hdlr", concat(new byte[8], "pict".getBytes(StandardCharsets.ISO_8859_1),
                new byte[13])));
        meta.writeBytes(Box.write("pitm", ByteBuffer.allocate(6).putInt(0).putShort((short) gridId).array()));
        // iinf: the grid, then the hidden tiles.
        ByteArrayOutputStream iinf = new ByteArrayOutputStream();
        iinf.writeBytes(ByteBuffer.allocate(6).putInt(0).putShort((short) (n + 1)).array());
        iinf.writeBytes(infe(gridId, "grid", false));
        for (int i = 0; i < n; i++) {
            iinf.writeBytes(infe(2 + i, "hvc1", true));
        }
        meta.writeBytes(Box.write("iinf", iinf.toByteArray()));
        ByteBuffer dimg = ByteBuffer.allocate(4 + n * 2).putShort((short) gridId).putShort((short) n);
        for (int i = 0; i < n; i++) {
            dimg.putShort((short) (2 + i));
        }
        meta.writeBytes(Box.write("iref", concat(new byte[4], Box.write("dimg", dimg.array()))));
        // ipco: each tile's hvcC, the tile size, the grid size.
        ByteArrayOutputStream ipco = new ByteArrayOutputStream();
        hvcC.forEach(ipco::writeBytes);
        ipco.writeBytes(Box.write("ispe", ByteBuffer.allocate(12).putInt(0).putInt(tileW).putInt(tileH).array()));
        ipco.writeBytes(Box.write("ispe", ByteBuffer.allocate(12).putInt(0).putInt(width).putInt(height).array()));
        ByteBuffer ipma = ByteBuffer.allocate(8 + (n + 1) * 5);
        ipma.putInt(0).putInt(n + 1);
        ipma.putShort((short) gridId).put((byte) 1).put((byte) (n + 2));
        for (int i = 0; i < n; i++) {
            ipma.putShort((short) (2 + i)).put((byte) 2).put((byte) (0x80 | (i + 1))).put((byte) (n + 1));
        }
        meta.writeBytes(Box.write("iprp", concat(Box.write("ipco", ipco.toByteArray()),
                Box.write("ipma", java.util.Arrays.copyOf(ipma.array(), ipma.position())))));
        // iloc v1: the grid descriptor in idat (construction method 1), the tiles in mdat.
        ByteBuffer iloc = ByteBuffer.allocate(8 + (n + 1) * 16);
        iloc.put((byte) 1).put(new byte[3]).putShort((short) 0x4400).putShort((short) (n + 1));
        iloc.putShort((short) gridId).putShort((short) 1).putShort((short) 0).putShort((short) 1).putInt(0).putInt(8);
        long at = mdatStart;
        for (int i = 0; i < n; i++) {
            iloc.putShort((short) (2 + i)).putShort((short) 0).putShort((short) 0).putShort((short) 1)
                    .putInt((int) at).putInt(data.get(i).length);
            at += data.get(i).length;
        }
        meta.writeBytes(Box.write("iloc", java.util.Arrays.copyOf(iloc.array(), iloc.position())));
        byte[] grid = ByteBuffer.allocate(8).put((byte) 0).put((byte) 0).put((byte) (rows - 1))
                .put((byte) (columns - 1)).putShort((short) width).putShort((short) height).array();
        meta.writeBytes(Box.write("idat", grid));
        return Box.write("meta", meta.toByteArray());
    }

    private static byte[] infe(int id, String type, boolean hidden) {
        ByteBuffer b = ByteBuffer.allocate(13);
        b.put((byte) 2).put((byte) 0).put((byte) 0).put((byte) (hidden ? 1 : 0));
        b.putShort((short) id).putShort((short) 0).put(type.getBytes(StandardCharsets.ISO_8859_1)).put((byte) 0);
        return Box.write("infe", b.array());
    }

    private static byte[] ascii(String major, int minor, String... compatible) {
        ByteBuffer b = ByteBuffer.allocate(8 + 4 * compatible.length);
        b.put(major.getBytes(StandardCharsets.ISO_8859_1)).putInt(minor);
        for (String c : compatible) {
            b.put(c.getBytes(StandardCharsets.ISO_8859_1));
        }
        return b.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
