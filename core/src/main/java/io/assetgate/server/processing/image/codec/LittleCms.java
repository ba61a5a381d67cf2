package io.assetgate.server.processing.image.codec;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * A binding of our own, through Java's FFM API, to the few Little CMS 2 functions ({@code liblcms2},
 * which libvips depends on) that turn pixels from an embedded ICC profile into sRGB. Phones tag
 * their photos Display P3: shown as if sRGB they look dull, so every variant is converted
 * (relative colorimetric, as libvips does). The JDK's own {@code ColorConvertOp} does the same
 * but took 0.4 s for a 1280×960 preview here; Little CMS's 8-bit path takes milliseconds.
 *
 * <p>Optional: without the library, {@link #available()} is false and callers decode with ImageIO,
 * which converts a JPEG's embedded profile itself.
 */
public final class LittleCms {

    /** TYPE_BGRA_8: PT_RGB, 3 channels + 1 extra, 1 byte each, swapped to B, G, R, A (0xAARRGGBB in memory). */
    private static final int TYPE_BGRA_8 = (4 << 16) | (1 << 14) | (1 << 10) | (1 << 7) | (3 << 3) | 1;
    private static final int INTENT_RELATIVE_COLORIMETRIC = 1;
    /** cmsFLAGS_COPY_ALPHA: the alpha byte passes through unchanged. */
    private static final int FLAGS_COPY_ALPHA = 0x04000000;
    /** cmsSigRgbData, 'RGB ': only RGB profiles describe the pixels the decoders give. */
    private static final int SIG_RGB = 0x52474220;

    private static final Binding BINDING = Binding.load();

    private LittleCms() {
    }

    public static boolean available() {
        return BINDING.problem == null;
    }

    /** Why the library is not used, or null when it is. */
    public static String problem() {
        return BINDING.problem;
    }

    /**
     * Converts {@code image} (packed RGB or ARGB, its own pixel array) in place from {@code icc}
     * to sRGB. Answers false, leaving it untouched, when the profile is not an RGB profile Little
     * CMS reads: the pixels are then taken as sRGB, as browsers do.
     */
    public static boolean toSrgb(BufferedImage image, byte[] icc) {
        if (!available() || icc == null || icc.length < 132) {
            return false;
        }
        if (image.getType() != BufferedImage.TYPE_INT_RGB && image.getType() != BufferedImage.TYPE_INT_ARGB
                || !(image.getRaster().getDataBuffer() instanceof DataBufferInt ints)) {
            throw new IllegalArgumentException("packed RGB or ARGB expected, not type " + image.getType());
        }
        int[] pixels = ints.getData();
        int count = image.getWidth() * image.getHeight();
        if (pixels.length != count) {
            throw new IllegalArgumentException("a whole image expected, not a part of one");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment profileBytes = arena.allocate(icc.length);
            MemorySegment.copy(icc, 0, profileBytes, ValueLayout.JAVA_BYTE, 0, icc.length);
            MemorySegment input = (MemorySegment) BINDING.openProfile.invokeExact(profileBytes, icc.length);
            if (input.equals(MemorySegment.NULL)) {
                return false;
            }
            MemorySegment srgb = (MemorySegment) BINDING.createSrgb.invokeExact();
            try {
                if ((int) BINDING.colorSpace.invokeExact(input) != SIG_RGB) {
                    return false;
                }
                MemorySegment transform = (MemorySegment) BINDING.createTransform.invokeExact(input, TYPE_BGRA_8, srgb,
                        TYPE_BGRA_8, INTENT_RELATIVE_COLORIMETRIC, FLAGS_COPY_ALPHA);
                if (transform.equals(MemorySegment.NULL)) {
                    return false;
                }
                try (NativeBuffers.Lease lease = NativeBuffers.take(4L * count)) {
                    MemorySegment buffer = lease.segment();
                    MemorySegment.copy(pixels, 0, buffer, ValueLayout.JAVA_INT_UNALIGNED, 0, count);
                    BINDING.doTransform.invokeExact(transform, buffer, buffer, count);
                    MemorySegment.copy(buffer, ValueLayout.JAVA_INT_UNALIGNED, 0, pixels, 0, count);
                } finally {
                    BINDING.deleteTransform.invokeExact(transform);
                }
                return true;
            } finally {
                int closedIn = (int) BINDING.closeProfile.invokeExact(input);
                int closedOut = (int) BINDING.closeProfile.invokeExact(srgb);
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("Little CMS failed", e);
        }
    }

    private record Binding(String problem, MethodHandle openProfile, MethodHandle createSrgb, MethodHandle colorSpace,
            MethodHandle createTransform, MethodHandle doTransform, MethodHandle deleteTransform,
            MethodHandle closeProfile) {

        static Binding load() {
            if (Boolean.getBoolean("assetgate.native.lcms.disabled")) {
                return missing("Little CMS disabled by assetgate.native.lcms.disabled");
            }
            try {
                SymbolLookup lib = NativeLibrary.find("liblcms2.so.2", "liblcms2.so");
                if (lib == null) {
                    return missing("liblcms2 not found (Debian: liblcms2-2)");
                }
                Linker linker = Linker.nativeLinker();
                return new Binding(null,
                        bind(linker, lib, "cmsOpenProfileFromMem", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT)),
                        bind(linker, lib, "cmsCreate_sRGBProfile", FunctionDescriptor.of(ADDRESS)),
                        bind(linker, lib, "cmsGetColorSpace", FunctionDescriptor.of(JAVA_INT, ADDRESS)),
                        bind(linker, lib, "cmsCreateTransform", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS,
                                JAVA_INT, JAVA_INT, JAVA_INT)),
                        bind(linker, lib, "cmsDoTransform",
                                FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS, JAVA_INT)),
                        bind(linker, lib, "cmsDeleteTransform", FunctionDescriptor.ofVoid(ADDRESS)),
                        bind(linker, lib, "cmsCloseProfile", FunctionDescriptor.of(JAVA_INT, ADDRESS)));
            } catch (RuntimeException | LinkageError e) {
                return missing("liblcms2 could not be bound: " + e);
            }
        }

        private static Binding missing(String why) {
            return new Binding(why, null, null, null, null, null, null, null);
        }

        private static MethodHandle bind(Linker linker, SymbolLookup lib, String name, FunctionDescriptor descriptor) {
            return linker.downcallHandle(lib.find(name).orElseThrow(() -> new IllegalStateException("no symbol " + name)),
                    descriptor);
        }
    }
}
