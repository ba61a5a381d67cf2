package io.assetgate.server.processing.image.heif;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One ISO base media file format box (ISO/IEC 14496-12): its type, where it starts in its
 * parent, and its payload (what follows the size and type). Every read is bounds-checked: a
 * box that claims more bytes than its parent holds is an {@link IllegalArgumentException},
 * never a read past the end.
 */
record Box(String type, int start, int headerSize, byte[] payload) {

    /** The whole box as it is written: size, type, payload. */
    int size() {
        return headerSize + payload.length;
    }

    /** The boxes laid end to end in {@code data[from, to)}. */
    static List<Box> parse(byte[] data, int from, int to) {
        List<Box> boxes = new ArrayList<>();
        int at = from;
        while (at < to) {
            if (to - at < 8) {
                throw new IllegalArgumentException("a box header is cut off at " + at);
            }
            ByteBuffer b = ByteBuffer.wrap(data, at, to - at);
            long size = Integer.toUnsignedLong(b.getInt());
            String type = new String(data, at + 4, 4, StandardCharsets.ISO_8859_1);
            int header = 8;
            if (size == 1) {
                if (to - at < 16) {
                    throw new IllegalArgumentException("a large box header is cut off at " + at);
                }
                size = b.getLong();
                header = 16;
            } else if (size == 0) {
                size = to - at;
            }
            if (size < header || size > to - at) {
                throw new IllegalArgumentException("box " + type + " claims " + size + " bytes, " + (to - at)
                        + " are left");
            }
            byte[] payload = java.util.Arrays.copyOfRange(data, at + header, at + (int) size);
            boxes.add(new Box(type, at, header, payload));
            at += (int) size;
        }
        return boxes;
    }

    /** The first child of {@code type} among {@code boxes}, or null. */
    static Box find(List<Box> boxes, String type) {
        return boxes.stream().filter(b -> b.type.equals(type)).findFirst().orElse(null);
    }

    /** Writes a box of {@code type} around {@code payload} (compact header). */
    static byte[] write(String type, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 8);
        writeTo(out, type, payload);
        return out.toByteArray();
    }

    static void writeTo(ByteArrayOutputStream out, String type, byte[] payload) {
        ByteBuffer header = ByteBuffer.allocate(8);
        header.putInt(payload.length + 8);
        header.put(type.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(header.array());
        out.writeBytes(payload);
    }

    /** A reader over a payload that refuses to read past its end. */
    static final class Reader {
        private final ByteBuffer buffer;

        Reader(byte[] payload) {
            this.buffer = ByteBuffer.wrap(payload);
        }

        int u8() {
            need(1);
            return buffer.get() & 0xff;
        }

        int u16() {
            need(2);
            return buffer.getShort() & 0xffff;
        }

        long u32() {
            need(4);
            return Integer.toUnsignedLong(buffer.getInt());
        }

        /** An unsigned number of {@code bytes} bytes (0, 4 or 8 in iloc). */
        long sized(int bytes) {
            return switch (bytes) {
                case 0 -> 0;
                case 4 -> u32();
                case 8 -> {
                    need(8);
                    long v = buffer.getLong();
                    if (v < 0) {
                        throw new IllegalArgumentException("a 64-bit field overflows");
                    }
                    yield v;
                }
                default -> throw new IllegalArgumentException("unsupported field size " + bytes);
            };
        }

        /** A signed 32-bit number (clap's offsets). */
        int s32() {
            need(4);
            return buffer.getInt();
        }

        /** The next {@code n} bytes. */
        byte[] bytes(int n) {
            need(n);
            byte[] b = new byte[n];
            buffer.get(b);
            return b;
        }

        String fourCc() {
            need(4);
            byte[] b = new byte[4];
            buffer.get(b);
            return new String(b, StandardCharsets.ISO_8859_1);
        }

        int position() {
            return buffer.position();
        }

        int remaining() {
            return buffer.remaining();
        }

        void skip(int n) {
            need(n);
            buffer.position(buffer.position() + n);
        }

        private void need(int n) {
            if (buffer.remaining() < n) {
                throw new IllegalArgumentException("a box is shorter than its fields");
            }
        }
    }
}
