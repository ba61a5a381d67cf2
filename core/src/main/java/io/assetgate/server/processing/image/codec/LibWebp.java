package io.assetgate.server.processing.image.codec;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * A binding of our own, through Java's FFM API, to libwebp's one-call lossy encoder
 * ({@code WebPEncodeBGRA}, the library's default preset: method 4, as sharp's default effort)
 * and {@code WebPFree}. It takes the pixels as Java2D packs them ({@code int} 0xAARRGGBB,
 * which little-endian memory holds as B, G, R, A), so nothing is converted on the way. Only the
 * pixels are given: a WebP made here carries no EXIF, XMP or ICC chunk.
 *
 * <p>Optional: without {@code libwebp7} (or with {@code assetgate.native.webp.disabled}),
 * {@link #available()} is false with a {@link #problem() reason}, and ImageIO's WebP writer is used.
 */
public final class LibWebp {

    private static final Binding BINDING = Binding.load();

    private LibWebp() {
    }

    public static boolean available() {
        return BINDING.problem == null;
    }

    /** Why the library is not used, or null when it is. */
    public static String problem() {
        return BINDING.problem;
    }

    /**
     * A lossy WebP of {@code width}×{@code height} pixels packed as 0xAARRGGBB in {@code argb}
     * (row by row, no gaps). With {@code alpha} false the alpha bytes are ignored (taken as opaque).
     *
     * @param quality 0 to 100
     */
    public static byte[] encode(int[] argb, int width, int height, boolean alpha, float quality) throws IOException {
        if (!available()) {
            throw new IOException("libwebp is not available: " + problem());
        }
        int pixels = Math.multiplyExact(width, height);
        if (argb.length < pixels) {
            throw new IllegalArgumentException("fewer pixels than " + width + "x" + height);
        }
        try (NativeBuffers.Lease lease = NativeBuffers.take(4L * pixels); Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = lease.segment();
            if (alpha) {
                MemorySegment.copy(argb, 0, buffer, ValueLayout.JAVA_INT_UNALIGNED, 0, pixels);
            } else {
                // Java2D leaves the alpha byte of packed RGB at 0: libwebp would read it as transparent.
                int[] row = new int[width];
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        row[x] = argb[y * width + x] | 0xFF000000;
                    }
                    MemorySegment.copy(row, 0, buffer, ValueLayout.JAVA_INT_UNALIGNED, 4L * y * width, width);
                }
            }
            MemorySegment output = arena.allocate(ADDRESS);
            long size;
            try {
                size = (long) BINDING.encodeBgra.invokeExact(buffer, width, height, width * 4, quality, output);
            } catch (Throwable e) {
                throw new IOException(e);
            }
            MemorySegment encoded = output.get(ADDRESS, 0);
            if (size == 0 || encoded.equals(MemorySegment.NULL)) {
                throw new IOException("libwebp could not encode a " + width + "x" + height + " image");
            }
            try {
                return encoded.reinterpret(size).toArray(JAVA_BYTE);
            } finally {
                try {
                    BINDING.free.invokeExact(encoded);
                } catch (Throwable e) {
                    // Left to the process: cannot happen short of a broken library.
                }
            }
        }
    }

    private record Binding(String problem, MethodHandle encodeBgra, MethodHandle free) {

        static Binding load() {
            if (Boolean.getBoolean("assetgate.native.webp.disabled")) {
                return new Binding("libwebp disabled by assetgate.native.webp.disabled", null, null);
            }
            try {
                SymbolLookup lib = NativeLibrary.find("libwebp.so.7", "libwebp.so");
                if (lib == null) {
                    return new Binding("libwebp not found (Debian: libwebp7)", null, null);
                }
                Linker linker = Linker.nativeLinker();
                // size_t WebPEncodeBGRA(const uint8_t* bgra, int width, int height, int stride, float q, uint8_t** out)
                MethodHandle encode = linker.downcallHandle(symbol(lib, "WebPEncodeBGRA"), FunctionDescriptor.of(
                        JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_FLOAT, ADDRESS));
                MethodHandle free = linker.downcallHandle(symbol(lib, "WebPFree"), FunctionDescriptor.ofVoid(ADDRESS));
                return new Binding(null, encode, free);
            } catch (RuntimeException | LinkageError e) {
                return new Binding("libwebp could not be bound: " + e, null, null);
            }
        }

        private static MemorySegment symbol(SymbolLookup lib, String name) {
            return lib.find(name).orElseThrow(() -> new IllegalStateException("no symbol " + name));
        }
    }
}
