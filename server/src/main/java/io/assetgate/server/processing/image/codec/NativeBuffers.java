package io.assetgate.server.processing.image.codec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Native pixel buffers, kept for the next image. A fresh buffer costs more than the copy it
 * holds: the arena zeroes it, and the kernel faults in every page on first touch (12 MB for
 * a 12-megapixel photo decoded at half size). A few buffers are kept between jobs; big ones
 * are not, so an odd huge image does not pin its memory.
 */
final class NativeBuffers {

    /** Buffers larger than this are freed after use (64 MB: a 16-megapixel image decoded whole). */
    private static final long KEEP_AT_MOST = 64L << 20;
    private static final int KEEP_COUNT = 4;

    private static final ConcurrentLinkedDeque<MemorySegment> FREE = new ConcurrentLinkedDeque<>();

    private NativeBuffers() {
    }

    /**
     * A buffer of at least {@code bytes} (perhaps more), holding what its last user left; give it
     * back, whole, with {@link #release}.
     */
    static MemorySegment take(long bytes) {
        for (MemorySegment kept : FREE) {
            if (kept.byteSize() >= bytes && FREE.remove(kept)) {
                return kept;
            }
        }
        // Freed by the collector once no longer referenced (neither in use nor kept).
        return Arena.ofAuto().allocate(bytes, 64);
    }

    /** Takes back a buffer {@link #take} gave; the caller must not use it afterwards. */
    static void release(MemorySegment buffer) {
        if (buffer.byteSize() <= KEEP_AT_MOST && FREE.size() < KEEP_COUNT) {
            FREE.push(buffer);
        }
    }
}
