package io.assetgate.server.audit;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;

/**
 * How many failures of callers without a valid token each source may have recorded one by
 * one, per window, and all sources together. Past a budget they are only counted; when the
 * window ends, the count of left-out failures is handed to {@code onWindowEnd}, so it can be
 * recorded as one row.
 *
 * <p>A source is an IPv4 address, or an IPv6 /64: one IPv6 client holds a whole /64, and
 * could otherwise send every bad token from a fresh address. The budget for all sources
 * together ({@link #ALL_SOURCES}) bounds a flood from many addresses.
 */
final class AnonymousFailureBudget {

    /** The source name of the window that counts every source together. */
    static final String ALL_SOURCES = "*";
    /** All sources together may have this many times the budget of one. */
    static final int ALL_SOURCES_FACTOR = 20;

    /** One source's window: when it opened, how many were recorded, how many left out. */
    static final class Window {
        final Instant opened;
        final AtomicInteger recorded = new AtomicInteger();
        final AtomicInteger leftOut = new AtomicInteger();

        Window(Instant opened) {
            this.opened = opened;
        }
    }

    private final int perWindow;
    private final Duration window;
    private final int maxSources;
    private final BiConsumer<String, Window> onWindowEnd;
    /**
     * Made on the first failure to count: most Lambda invocations, and every cold start's first
     * call, have none, and the cache is some 80 classes to load.
     */
    private volatile Cache<String, Window> windows;

    AnonymousFailureBudget(int perWindow, Duration window, int maxSources, BiConsumer<String, Window> onWindowEnd) {
        this.perWindow = perWindow;
        this.window = window;
        this.maxSources = maxSources;
        this.onWindowEnd = onWindowEnd;
    }

    private Cache<String, Window> windows() {
        Cache<String, Window> made = windows;
        if (made == null) {
            synchronized (this) {
                if (windows == null) {
                    windows = newWindows();
                }
                made = windows;
            }
        }
        return made;
    }

    private Cache<String, Window> newWindows() {
        // The system scheduler ends windows on time, even for a source that sends nothing more.
        return Caffeine.newBuilder()
                .expireAfterWrite(window)
                .maximumSize(maxSources)
                .scheduler(Scheduler.systemScheduler())
                // Report on the thread that ends the window, so endAll() has reported when it returns.
                .executor(Runnable::run)
                .removalListener((String source, Window w, RemovalCause cause) -> {
                    if (source != null && w != null && w.leftOut.get() > 0) {
                        onWindowEnd.accept(source, w);
                    }
                })
                .build();
    }

    /** Whether this failure from {@code address} is to be recorded one by one; if not, it is counted as left out. */
    boolean admit(String address, Instant now) {
        if (perWindow <= 0) {
            return true;
        }
        Cache<String, Window> windows = windows();
        Window source = windows.get(sourceOf(address), s -> new Window(now));
        if (source.recorded.incrementAndGet() > perWindow) {
            source.leftOut.incrementAndGet();
            return false;
        }
        Window all = windows.get(ALL_SOURCES, s -> new Window(now));
        if (all.recorded.incrementAndGet() > perWindow * ALL_SOURCES_FACTOR) {
            all.leftOut.incrementAndGet();
            return false;
        }
        return true;
    }

    /** Ends every open window now, reporting what each left out; at shutdown. */
    void endAll() {
        Cache<String, Window> made = windows;
        if (made == null) {
            return; // no window was ever opened
        }
        made.invalidateAll();
        made.cleanUp();
    }

    /** The source an address counts against: itself for IPv4, its /64 for IPv6. */
    static String sourceOf(String address) {
        if (address == null || address.isBlank()) {
            return "unknown";
        }
        if (address.indexOf(':') < 0) {
            return address;
        }
        try {
            // A literal: no name lookup happens.
            byte[] bytes = InetAddress.ofLiteral(address).getAddress();
            if (bytes.length != 16) {
                return address;
            }
            byte[] prefix = Arrays.copyOf(bytes, 16);
            Arrays.fill(prefix, 8, 16, (byte) 0);
            return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
        } catch (java.net.UnknownHostException | IllegalArgumentException notALiteral) {
            return address;
        }
    }
}
