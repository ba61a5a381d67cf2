package io.assetgate.server.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;

/**
 * How many failures of callers without a valid token each address may have recorded one by
 * one, per window. Past the budget they are only counted; when the window ends, the address's
 * count of left-out failures is handed to {@code onWindowEnd}, so it can be recorded as one row.
 */
final class AnonymousFailureBudget {

    /** One address's window: when it opened, how many were recorded, how many left out. */
    static final class Window {
        final Instant opened;
        final AtomicInteger recorded = new AtomicInteger();
        final AtomicInteger leftOut = new AtomicInteger();

        Window(Instant opened) {
            this.opened = opened;
        }
    }

    private final int perWindow;
    private final Cache<String, Window> windows;

    AnonymousFailureBudget(int perWindow, Duration window, int maxAddresses, BiConsumer<String, Window> onWindowEnd) {
        this.perWindow = perWindow;
        // The system scheduler ends windows on time, even for an address that sends nothing more.
        this.windows = Caffeine.newBuilder()
                .expireAfterWrite(window)
                .maximumSize(maxAddresses)
                .scheduler(Scheduler.systemScheduler())
                .removalListener((String address, Window w, RemovalCause cause) -> {
                    if (address != null && w != null && w.leftOut.get() > 0) {
                        onWindowEnd.accept(address, w);
                    }
                })
                .build();
    }

    /** Whether this failure from {@code address} is to be recorded one by one; if not, it is counted as left out. */
    boolean admit(String address, Instant now) {
        if (perWindow <= 0) {
            return true;
        }
        Window w = windows.get(address == null ? "unknown" : address, a -> new Window(now));
        if (w.recorded.incrementAndGet() <= perWindow) {
            return true;
        }
        w.leftOut.incrementAndGet();
        return false;
    }
}
