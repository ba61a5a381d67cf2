package io.assetgate.server.processing.image.heif;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The primary image of a HEIC file as an HEVC decoder outside libheif needs it: its coded
 * tiles (one for a plain image; rows × columns of a {@code grid}, as phones write), the size
 * they are cropped to, the container's transforms in the order they apply ({@code clap},
 * {@code irot}, {@code imir}), and how its YCbCr samples become RGB. Read in pure Java and
 * bounds-checked, like {@link HeifHeader}. What it does not handle (alpha, overlays, AV1,
 * 10-bit or 4:4:4 samples, tiles of different sizes) is refused with an
 * {@link IllegalArgumentException}: the caller then leaves the file to libheif.
 */
public final class HevcImage {

    /** A container transform, applied to the decoded image in order. */
    public sealed interface Transform permits Crop, Rotate, Mirror {
    }

    /** Keeps {@code width}x{@code height} from ({@code x}, {@code y}) of the image at its step: the clean aperture ({@code clap}). */
    public record Crop(int x, int y, int width, int height) implements Transform {
    }

    /** Turns the image {@code quarterTurns} times 90° anticlockwise ({@code irot}). */
    public record Rotate(int quarterTurns) implements Transform {
    }

    /**
     * Mirrors the image ({@code imir}): {@code leftRight} swaps columns, otherwise rows swap.
     * Axis 0 swaps rows, as libheif 1.15 reads it, so this path and libheif agree on every file.
     */
    public record Mirror(boolean leftRight) implements Transform {
    }

    /**
     * How YCbCr becomes RGB: the luma weights of red and blue, and whether the samples span
     * 0–255 (full range) or 16–235 (limited), from the {@code nclx} colour box.
     */
    public record Matrix(double kr, double kb, boolean fullRange) {
        /** What libheif assumes when a file has no {@code nclx} box (iPhones write an ICC profile instead). */
        static final Matrix DEFAULT = new Matrix(0.299, 0.114, true);
    }


    /** A grid's tiles are few; more than this many is no phone's picture. */
    static final int MAX_TILES = 4096;

    private record Tile(HevcConfig config, ItemData data) {
    }

    private final List<Tile> tiles;
    private final int columns;
    private final int tileWidth;
    private final int tileHeight;
    private final int width;
    private final int height;
    private final List<Transform> transforms;
    private final Matrix matrix;

    private HevcImage(List<Tile> tiles, int columns, int tileWidth, int tileHeight, int width, int height,
            List<Transform> transforms, Matrix matrix) {
        this.tiles = tiles;
        this.columns = columns;
        this.tileWidth = tileWidth;
        this.tileHeight = tileHeight;
        this.width = width;
        this.height = height;
        this.transforms = transforms;
        this.matrix = matrix;
    }

    /** Reads the primary image's layout; throws {@link IllegalArgumentException} when it is not one handled here. */
    public static HevcImage read(Path file) throws IOException {
        HeifMeta meta = HeifMeta.read(file);
        ItemReferences refs = ItemReferences.read(Box.find(meta.children, "iref"));
        int primary = meta.primaryItem;
        String type = meta.itemTypes.get(primary);
        if (!"hvc1".equals(type) && !"grid".equals(type)) {
            throw new IllegalArgumentException("the primary item is " + type + ", not HEVC");
        }
        ItemProperties.refuseAlpha(meta, refs, primary);
        ItemProperties.refuseUnknownEssentials(meta, primary);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            List<Box> props = meta.propertiesOf(primary);
            Matrix matrix = ItemProperties.matrix(props);
            if ("hvc1".equals(type)) {
                int[] ispe = ItemProperties.ispe(props);
                Tile tile = tile(meta, primary, size);
                return new HevcImage(List.of(tile), 1, ispe[0], ispe[1], ispe[0], ispe[1],
                        ItemProperties.transforms(props, ispe[0], ispe[1]), matrix);
            }
            Grid grid = Grid.read(ItemData.of(meta, primary, size).readAll(ch, 64));
            List<Integer> ids = refs.from("dimg", primary);
            if (ids.size() != grid.rows * grid.columns || ids.isEmpty() || ids.size() > MAX_TILES) {
                throw new IllegalArgumentException("the grid has " + ids.size() + " tiles for " + grid.rows + "x"
                        + grid.columns);
            }
            List<Tile> tiles = new ArrayList<>(ids.size());
            int[] tileSize = null;
            for (int id : ids) {
                if (!"hvc1".equals(meta.itemTypes.get(id))) {
                    throw new IllegalArgumentException("a tile is " + meta.itemTypes.get(id) + ", not HEVC");
                }
                ItemProperties.refuseUnknownEssentials(meta, id);
                List<Box> tileProps = meta.propertiesOf(id);
                if (tileProps.stream().anyMatch(p -> ItemProperties.TRANSFORMS.contains(p.type()))) {
                    throw new IllegalArgumentException("a tile has transforms of its own");
                }
                int[] ispe = ItemProperties.ispe(tileProps);
                if (tileSize != null && (tileSize[0] != ispe[0] || tileSize[1] != ispe[1])) {
                    throw new IllegalArgumentException("the tiles differ in size");
                }
                tileSize = ispe;
                tiles.add(tile(meta, id, size));
            }
            // The tiles must cover the output, with no row or column that lies wholly outside it.
            if ((long) grid.columns * tileSize[0] < grid.width || (long) grid.rows * tileSize[1] < grid.height
                    || (long) (grid.columns - 1) * tileSize[0] >= grid.width
                    || (long) (grid.rows - 1) * tileSize[1] >= grid.height) {
                throw new IllegalArgumentException("the tiles do not fit the grid's " + grid.width + "x" + grid.height);
            }
            return new HevcImage(List.copyOf(tiles), grid.columns, tileSize[0], tileSize[1], grid.width,
                    grid.height, ItemProperties.transforms(props, grid.width, grid.height), matrix);
        }
    }

    /** Width of the image before its transforms (a grid's output width). */
    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int tileWidth() {
        return tileWidth;
    }

    public int tileHeight() {
        return tileHeight;
    }

    public int columns() {
        return columns;
    }

    public int tileCount() {
        return tiles.size();
    }

    public List<Transform> transforms() {
        return transforms;
    }

    public Matrix matrix() {
        return matrix;
    }

    /**
     * Writes the tiles, row by row, as one HEVC Annex B byte stream: each tile's parameter
     * sets, then its NAL units with start codes instead of length fields. A decoder reading it
     * gives one picture per tile, in this order. A length field that runs past its item is an
     * {@link IllegalArgumentException}.
     */
    public void writeAnnexB(Path file, OutputStream sink) throws IOException {
        OutputStream out = new BufferedOutputStream(sink, 1 << 16);
        byte[] startCode = {0, 0, 0, 1};
        byte[] buffer = new byte[1 << 16];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (Tile tile : tiles) {
                for (byte[] set : tile.config.parameterSets()) {
                    out.write(startCode);
                    out.write(set);
                }
                long left = tile.data.length();
                int lengthSize = tile.config.lengthSize();
                try (DataInputStream in = new DataInputStream(tile.data.open(ch))) {
                    while (left > 0) {
                        if (left < lengthSize) {
                            throw new IllegalArgumentException("a NAL unit's length is cut off");
                        }
                        long nal = lengthSize == 4 ? Integer.toUnsignedLong(in.readInt())
                                : lengthSize == 2 ? in.readUnsignedShort() : in.readUnsignedByte();
                        left -= lengthSize;
                        if (nal == 0 || nal > left) {
                            throw new IllegalArgumentException("a NAL unit claims " + nal + " bytes, " + left
                                    + " are left in its tile");
                        }
                        out.write(startCode);
                        copy(in, out, nal, buffer);
                        left -= nal;
                    }
                } catch (EOFException e) {
                    throw new IllegalArgumentException("a tile's data is cut off");
                }
            }
        }
        out.flush();
    }

    private static void copy(InputStream in, OutputStream out, long count, byte[] buffer) throws IOException {
        long left = count;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException();
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static Tile tile(HeifMeta meta, int item, long fileSize) {
        Box hvcC = Box.find(meta.propertiesOf(item), "hvcC");
        if (hvcC == null) {
            throw new IllegalArgumentException("an HEVC item has no decoder configuration");
        }
        HevcConfig config = HevcConfig.read(hvcC.payload());
        if (!config.is8Bit420()) {
            throw new IllegalArgumentException("the samples are not 8-bit 4:2:0 (format " + config.chromaFormat()
                    + ", " + config.lumaBits() + " bits)");
        }
        return new Tile(config, ItemData.of(meta, item, fileSize));
    }


    /** The {@code ImageGrid} descriptor (ISO/IEC 23008-12 6.6.2.3.2). */
    private record Grid(int rows, int columns, int width, int height) {
        static Grid read(byte[] data) {
            Box.Reader r = new Box.Reader(data);
            if (r.u8() != 0) {
                throw new IllegalArgumentException("grid version is not 0");
            }
            boolean wide = (r.u8() & 1) != 0;
            int rows = r.u8() + 1;
            int columns = r.u8() + 1;
            long w = wide ? r.u32() : r.u16();
            long h = wide ? r.u32() : r.u16();
            if (w <= 0 || h <= 0 || w > 65535 || h > 65535) {
                throw new IllegalArgumentException("the grid declares " + w + "x" + h);
            }
            return new Grid(rows, columns, (int) w, (int) h);
        }
    }

}
