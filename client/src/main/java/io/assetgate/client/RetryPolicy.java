package io.assetgate.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: before attempt {@code n + 1} the client waits a random
 * time between zero and {@code min(maxDelay, baseDelay * 2^n)}, or what the server asked for in
 * {@code Retry-After} when that is longer. It gives up after {@code maxAttempts} attempts.
 *
 * @param maxAttempts attempts in all, the first one included; 1 means no retry
 * @param baseDelay the first backoff window
 * @param maxDelay the cap of the backoff window
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {

    /** Six attempts, from 200 ms up to 20 s between them. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(20));
    /** A single attempt. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** The wait before the attempt after {@code failedAttempts} failures. */
    public Duration delay(int failedAttempts, Duration retryAfter) {
        long cap = maxDelay.toMillis();
        long window = Math.min(cap, baseDelay.toMillis() << Math.min(failedAttempts - 1, 30));
        long jittered = window <= 0 ? 0 : ThreadLocalRandom.current().nextLong(window + 1);
        if (retryAfter != null && retryAfter.toMillis() > jittered) {
            return retryAfter;
        }
        return Duration.ofMillis(jittered);
    }

    static void sleep(Duration delay, Cancellation cancellation) {
        long until = System.nanoTime() + delay.toNanos();
        try {
            while (System.nanoTime() < until) {
                if (cancellation != null && cancellation.isCancelled()) {
                    throw AssetgateException.cancelled();
                }
                long left = Math.max(0, until - System.nanoTime());
                Thread.sleep(Math.min(100, Math.max(1, left / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AssetgateException.cancelled();
        }
    }
}
