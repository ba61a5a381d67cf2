package io.assetgate.server.ids;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.UUIDType;
import com.fasterxml.uuid.impl.TimeBasedEpochRandomGenerator;
import com.fasterxml.uuid.impl.UUIDUtil;

/**
 * The ids the server makes.
 *
 * <p>Record ids are version 7 UUIDs, a millisecond timestamp followed by random bits. Ids
 * made in time order are inserted at the end of every index that holds them, so a create
 * touches the same few index pages as the last one, where random (version 4) ids would touch,
 * and rewrite, a random page each. An id still carries 74 random bits, drawn afresh for
 * every id (the library's monotonic generator would instead add one to the last id made in
 * the same millisecond, making the next id guessable from this one), and is never a
 * credential: every lookup is also by owner.
 *
 * <p>The generator takes a lock around its random source, and a request thread that holds
 * it can lose its core to the kernel or a collection, so under load every other create
 * queued behind it (thread dumps of the create bench, bench/README.md). So there are
 * several generators, picked by thread, each with its own DRBG seeded once: the platform
 * default ({@code NativePRNG}) would read {@code /dev/urandom} on every call, under one lock
 * for the whole JVM.
 */
public final class Ids {

    private static final TimeBasedEpochRandomGenerator[] RECORD_IDS = new TimeBasedEpochRandomGenerator[16];

    static {
        for (int i = 0; i < RECORD_IDS.length; i++) {
            RECORD_IDS[i] = Generators.timeBasedEpochRandomGenerator(drbg());
        }
    }

    private Ids() {
    }

    /** A fresh record id, in the canonical 36-character form. */
    public static String newId() {
        // Request threads are virtual, one per request, with ids that keep growing: consecutive
        // requests land on different generators.
        int stripe = (int) (Thread.currentThread().threadId() % RECORD_IDS.length);
        return RECORD_IDS[stripe].generate().toString();
    }

    /**
     * A fresh random (version 4) UUID for ids that must be unique but need not be
     * unguessable, such as request ids and event ids. It draws from {@link ThreadLocalRandom},
     * so no thread ever waits for another; never use it for anything that grants access.
     */
    public static UUID newUniqueId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return UUIDUtil.constructUUID(UUIDType.RANDOM_BASED, random.nextLong(), random.nextLong());
    }

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no DRBG SecureRandom", e);
        }
    }
}
