package io.assetgate.server.processing;

import java.util.concurrent.Semaphore;

import org.springframework.stereotype.Component;

/**
 * Bounds the memory that decoding takes at once to a share of the heap: each job reserves
 * what its decoded image needs before decoding, and waits while others hold the budget. So
 * the worker never runs out of heap, whatever the number of threads or the size of images.
 */
@Component
class MemoryBudget {

    private static final long MB = 1024 * 1024;
    private final int totalMb;
    private final Semaphore permits;

    MemoryBudget() {
        this.totalMb = (int) Math.max(32, Runtime.getRuntime().maxMemory() * 6 / 10 / MB);
        this.permits = new Semaphore(totalMb, true);
    }

    /** A reservation, released on close. A request larger than the whole budget waits to run alone. */
    Reservation reserve(long bytes) throws InterruptedException {
        int mb = (int) Math.min(totalMb, Math.max(1, (bytes + MB - 1) / MB));
        permits.acquire(mb);
        return () -> permits.release(mb);
    }

    interface Reservation extends AutoCloseable {
        @Override
        void close();
    }
}
