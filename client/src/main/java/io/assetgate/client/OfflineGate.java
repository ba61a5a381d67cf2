package io.assetgate.client;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The queue's view of the network. Once a worker reports the server unreachable, every worker
 * stops taking items; one of them probes with backoff (full jitter, capped) while the others
 * wait, and the first successful probe lets them all go again. Listeners hear both edges.
 */
final class OfflineGate {

    private final RetryPolicy backoff;
    private final Duration wait;
    private final BooleanSupplier reachable;
    private final List<QueueListener> listeners;
    private volatile boolean offline;
    private boolean probing;
    private int probes;

    OfflineGate(RetryPolicy backoff, Duration wait, BooleanSupplier reachable, List<QueueListener> listeners) {
        this.backoff = backoff;
        this.wait = wait;
        this.reachable = reachable;
        this.listeners = listeners;
    }

    boolean isOffline() {
        return offline;
    }

    synchronized void wentOffline(AssetgateException error) {
        if (!offline) {
            offline = true;
            probes = 0;
            listeners.forEach(l -> l.offline(error));
        }
    }

    /** Called by a worker while offline: probes once (after a backoff), or waits for the prober. */
    void probeOrWait() {
        synchronized (this) {
            if (probing) {
                waitQuietly(wait.toMillis());
                return;
            }
            probing = true;
        }
        boolean back = false;
        try {
            RetryPolicy.sleep(backoff.delay(++probes, null), null);
            back = reachable.getAsBoolean();
        } catch (AssetgateException interrupted) {
            // closing
        } finally {
            synchronized (this) {
                probing = false;
                if (back && offline) {
                    offline = false;
                    listeners.forEach(QueueListener::online);
                }
                notifyAll();
            }
        }
    }

    /** Forgets an earlier outage: a new drain tries the server again. */
    synchronized void reset() {
        offline = false;
    }

    /** Wakes the waiting workers, for instance to let them see that the queue is closing. */
    synchronized void wakeAll() {
        notifyAll();
    }

    private void waitQuietly(long millis) {
        try {
            wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
