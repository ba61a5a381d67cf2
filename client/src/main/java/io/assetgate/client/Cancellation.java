package io.assetgate.client;

import java.util.List;

/**
 * Lets a caller cancel an upload from another thread. Once cancelled, it stays cancelled. A
 * cancellation made {@linkplain #linkedTo linked to} others is cancelled when any of them is.
 */
public final class Cancellation {

    private final List<Cancellation> parents;
    private volatile boolean cancelled;

    public Cancellation() {
        this.parents = List.of();
    }

    private Cancellation(List<Cancellation> parents) {
        this.parents = parents;
    }

    /** A cancellation that is cancelled when any of {@code others} is, or when cancelled itself. */
    public static Cancellation linkedTo(Cancellation... others) {
        return new Cancellation(List.of(others));
    }

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        if (cancelled) {
            return true;
        }
        for (Cancellation parent : parents) {
            if (parent.isCancelled()) {
                return true;
            }
        }
        return false;
    }

    void check() {
        if (isCancelled()) {
            throw AssetgateException.cancelled();
        }
    }
}
