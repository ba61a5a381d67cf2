package io.assetgate.server.processing.image.codec;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A binding of our own, through Java's FFM API, to the five functions of libjpeg-turbo's
 * TurboJPEG API (libturbojpeg, API version 2) that decoding needs. What it gives over ImageIO
 * is scaled decoding: libjpeg-turbo's IDCT can produce the image at 1/2, 1/4 or 1/8 of its size
 * directly, so a 12-megapixel photo that only feeds a 1280 px preview is decoded at 2000×1500
 * without ever building the full-size pixels.
 *
 * <p>Optional: when the library is missing (no {@code libturbojpeg0} package), {@link #available()}
 * is false with a {@link #problem() reason}, and callers keep to ImageIO.
 *
 * <p>Hostile input: libjpeg-turbo is the decoder most browsers ship and is fuzzed continuously;
 * ImageIO's JPEG decoder, used before, is native code in the same process too. The pixel
 * limit is checked from the header before this runs, progressive files are decoded with
 * {@code TJFLAG_LIMITSCANS} (at most 500 scans, against scan-flooding files), and the output
 * buffer is sized here from the header, never by the library.
 */
public final class TurboJpeg {

    /** TJPF_BGRA: on little-endian machines, each pixel reads as one int 0xAARRGGBB, with A = 0xFF. */
    private static final int PIXEL_FORMAT_BGRA = 8;
    /** TJCS_CMYK and TJCS_YCCK cannot be decoded to RGB by libjpeg-turbo: ImageIO's path decides. */
    private static final int COLORSPACE_CMYK = 3;
    private static final int COLORSPACE_YCCK = 4;
    /** TJFLAG_LIMITSCANS: refuse progressive files of more than 500 scans. */
    private static final int FLAG_LIMIT_SCANS = 32768;
    /** TJERR_WARNING: the image was decoded, with something odd in the stream (as ImageIO, accepted). */
    private static final int ERROR_WARNING = 0;

    private static final Binding BINDING = Binding.load();

    private TurboJpeg() {
    }

    /** True when libturbojpeg was found and bound. */
    public static boolean available() {
        return BINDING.problem == null;
    }

    /** Why the library is not used, or null when it is. */
    public static String problem() {
        return BINDING.problem;
    }

    /** The stored size and colour space of a JPEG, from its header. */
    public record Header(int width, int height, int colorspace) {

        /** False for CMYK and YCCK, which libjpeg-turbo does not turn into RGB. */
        public boolean rgbDecodable() {
            return colorspace != COLORSPACE_CMYK && colorspace != COLORSPACE_YCCK;
        }
    }

    /**
     * Decodes the JPEG in {@code file} at 1/{@code denominator} of its size (1, 2, 4 or 8; each
     * side rounded up), as packed RGB, without turning it upright.
     *
     * @throws IOException when the file is not a JPEG libjpeg-turbo decodes to RGB
     */
    public static BufferedImage decode(Path file, int denominator) throws IOException {
        if (!available()) {
            throw new IOException("libturbojpeg is not available: " + problem());
        }
        if (denominator != 1 && denominator != 2 && denominator != 4 && denominator != 8) {
            throw new IllegalArgumentException("scale 1/" + denominator + " is not one libjpeg-turbo makes");
        }
        try (Arena arena = Arena.ofConfined(); FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            MemorySegment jpeg = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            MemorySegment handle = BINDING.init();
            try {
                Header header = BINDING.header(handle, jpeg, arena);
                if (!header.rgbDecodable()) {
                    throw new IOException("a CMYK JPEG: libjpeg-turbo does not decode it to RGB");
                }
                int width = scaled(header.width(), denominator);
                int height = scaled(header.height(), denominator);
                try (NativeBuffers.Lease lease = NativeBuffers.take((long) width * height * 4)) {
                    MemorySegment pixels = lease.segment();
                    BINDING.decompress(handle, jpeg, pixels, width, height);
                    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
                    int[] target = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
                    MemorySegment.copy(pixels, ValueLayout.JAVA_INT_UNALIGNED, 0, target, 0, width * height);
                    return image;
                }
            } finally {
                BINDING.destroy(handle);
            }
        }
    }

    /** TJSCALED: a side at 1/{@code denominator}, rounded up, as libjpeg-turbo makes it. */
    public static int scaled(int side, int denominator) {
        return (side + denominator - 1) / denominator;
    }

    /** The largest scale libjpeg-turbo offers (1/1 to 1/8) that shrinks by no more than {@code factor}. */
    public static int denominatorFor(int factor) {
        int denominator = 1;
        while (denominator < 8 && denominator * 2 <= factor) {
            denominator *= 2;
        }
        return denominator;
    }

    /** The bound functions, or the reason there are none. */
    private static final class Binding {

        private final String problem;
        private final MethodHandle initDecompress;
        private final MethodHandle decompressHeader3;
        private final MethodHandle decompress2;
        private final MethodHandle destroy;
        private final MethodHandle errorString;
        private final MethodHandle errorCode;

        private Binding(String problem, SymbolLookup lib) {
            this.problem = problem;
            if (lib == null) {
                initDecompress = decompressHeader3 = decompress2 = destroy = errorString = errorCode = null;
                return;
            }
            Linker linker = Linker.nativeLinker();
            initDecompress = bind(linker, lib, "tjInitDecompress", FunctionDescriptor.of(ADDRESS));
            // int tjDecompressHeader3(tjhandle, const unsigned char *, unsigned long, int *w, int *h, int *subsamp, int *cs)
            decompressHeader3 = bind(linker, lib, "tjDecompressHeader3", FunctionDescriptor.of(JAVA_INT, ADDRESS,
                    ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
            // int tjDecompress2(tjhandle, const unsigned char *, unsigned long, unsigned char *dst, int w, int pitch,
            // int h, int pixelFormat, int flags)
            decompress2 = bind(linker, lib, "tjDecompress2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS,
                    JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
            destroy = bind(linker, lib, "tjDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            errorString = bind(linker, lib, "tjGetErrorStr2", FunctionDescriptor.of(ADDRESS, ADDRESS));
            errorCode = bind(linker, lib, "tjGetErrorCode", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        }

        static Binding load() {
            if (Boolean.getBoolean("assetgate.native.turbojpeg.disabled")) {
                // For comparisons (the processing benchmark's ImageIO row): the path without the library.
                return new Binding("libturbojpeg disabled by assetgate.native.turbojpeg.disabled", null);
            }
            try {
                // Debian's libturbojpeg0 installs libturbojpeg.so.0; the unversioned name only comes with -dev.
                SymbolLookup lib = NativeLibrary.find("libturbojpeg.so.0", "libturbojpeg.so");
                if (lib == null) {
                    return new Binding("libturbojpeg not found (Debian: libturbojpeg0)", null);
                }
                return new Binding(null, lib);
            } catch (RuntimeException | LinkageError e) {
                return new Binding("libturbojpeg could not be bound: " + e, null);
            }
        }

        private static MethodHandle bind(Linker linker, SymbolLookup lib, String name, FunctionDescriptor descriptor) {
            MemorySegment symbol = lib.find(name).orElseThrow(() -> new IllegalStateException("no symbol " + name));
            return linker.downcallHandle(symbol, descriptor);
        }

        MemorySegment init() throws IOException {
            try {
                MemorySegment handle = (MemorySegment) initDecompress.invokeExact();
                if (handle.equals(MemorySegment.NULL)) {
                    throw new IOException("tjInitDecompress failed");
                }
                return handle;
            } catch (IOException e) {
                throw e;
            } catch (Throwable e) {
                throw new IOException(e);
            }
        }

        Header header(MemorySegment handle, MemorySegment jpeg, Arena arena) throws IOException {
            MemorySegment out = arena.allocate(JAVA_INT, 4);
            int result;
            try {
                result = (int) decompressHeader3.invokeExact(handle, jpeg, jpeg.byteSize(), out,
                        out.asSlice(4), out.asSlice(8), out.asSlice(12));
            } catch (Throwable e) {
                throw new IOException(e);
            }
            if (result != 0) {
                throw new IOException("not a JPEG libjpeg-turbo reads: " + error(handle));
            }
            return new Header(out.getAtIndex(JAVA_INT, 0), out.getAtIndex(JAVA_INT, 1), out.getAtIndex(JAVA_INT, 3));
        }

        void decompress(MemorySegment handle, MemorySegment jpeg, MemorySegment pixels, int width, int height)
                throws IOException {
            int result;
            try {
                result = (int) decompress2.invokeExact(handle, jpeg, jpeg.byteSize(), pixels, width, width * 4,
                        height, PIXEL_FORMAT_BGRA, FLAG_LIMIT_SCANS);
            } catch (Throwable e) {
                throw new IOException(e);
            }
            if (result != 0 && code(handle) != ERROR_WARNING) {
                throw new IOException("libjpeg-turbo could not decode the image: " + error(handle));
            }
        }

        void destroy(MemorySegment handle) {
            try {
                int ignored = (int) destroy.invokeExact(handle);
            } catch (Throwable e) {
                // Nothing to free then; the handle is not used again.
            }
        }

        private int code(MemorySegment handle) {
            try {
                return (int) errorCode.invokeExact(handle);
            } catch (Throwable e) {
                return -1;
            }
        }

        private String error(MemorySegment handle) {
            try {
                MemorySegment text = (MemorySegment) errorString.invokeExact(handle);
                return text.reinterpret(512).getString(0);
            } catch (Throwable e) {
                return "unknown error";
            }
        }
    }
}
