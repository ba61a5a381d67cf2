package io.assetgate.server.processing.image.codec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Native pixel buffers, kept for the next image. A fresh buffer costs more than the copy it
 * holds: the arena zeroes it, and the kernel faults in every page on first touch (12 MB for
 * a 12-megapixel photo decoded at half size). A few buffers are kept between jobs; big ones
 * are freed as soon as they are given back, so an odd huge image does not pin its memory.
 */
final class NativeBuffers {

    /**
     * Buffers larger than this are freed after use: 16 MB holds a 12-megapixel photo decoded at
     * half size. With {@link #KEEP_COUNT}, at most 64 MB of native memory stays between jobs.
     */
    private static final long KEEP_AT_MOST = 16L << 20;
    private static final int KEEP_COUNT = 4;

    private static final ConcurrentLinkedDeque<Lease> FREE = new ConcurrentLinkedDeque<>();

    private NativeBuffers() {
    }

    /** A buffer lent out: use {@link #segment()} until {@link #close()}, then never again. */
    static final class Lease implements AutoCloseable {

        private final Arena arena;
        private final MemorySegment segment;

        private Lease(long bytes) {
            this.arena = Arena.ofShared();
            this.segment = arena.allocate(bytes, 64);
        }

        /** At least the bytes asked for (perhaps more), holding what its last user left. */
        MemorySegment segment() {
            return segment;
        }

        @Override
        public void close() {
            if (segment.byteSize() <= KEEP_AT_MOST && FREE.size() < KEEP_COUNT) {
                FREE.push(this);
            } else {
                arena.close();
            }
        }
    }

    /** A buffer of at least {@code bytes}, not zeroed when it is a kept one. */
    static Lease take(long bytes) {
        for (Lease kept : FREE) {
            if (kept.segment.byteSize() >= bytes && FREE.remove(kept)) {
                return kept;
            }
        }
        return new Lease(bytes);
    }
}
