package io.assetgate.server.config;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/**
 * Record ids: version 7 UUIDs, a millisecond timestamp followed by random bits.
 *
 * <p>Ids made in time order are inserted at the end of every index that holds them, so a
 * create touches the same few index pages as the last one, where random (version 4) ids
 * would touch, and rewrite, a random page each. An id still carries 74 random bits, and is
 * never a credential: every lookup is also by owner.
 */
public final class Ids {

    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private Ids() {
    }

    /** A fresh id, in the canonical 36-character form. */
    public static String newId() {
        return GENERATOR.generate().toString();
    }
}
