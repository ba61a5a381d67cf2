package io.assetgate.server.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.ToIntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every interval, deletes the records older than a retention, through the repository's own purge. */
public abstract class RetentionPurge extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);

    private final String records;
    private final Duration retention;
    private final Clock clock;
    private final ToIntFunction<Instant> purgeBefore;

    /**
     * @param records what is purged, for the thread's name and the log: "audit events"
     * @param purgeBefore deletes the records older than the instant it is given; answers how many went
     */
    protected RetentionPurge(String records, Duration retention, Duration interval, Clock clock,
            ToIntFunction<Instant> purgeBefore) {
        super(records.replace(' ', '-') + "-retention", interval, interval);
        this.records = records;
        this.retention = retention;
        this.clock = clock;
        this.purgeBefore = purgeBefore;
    }

    /** Deletes what is past retention; answers how many records went. */
    public int purge() {
        Instant cutoff = clock.instant().minus(retention);
        int purged = purgeBefore.applyAsInt(cutoff);
        if (purged > 0) {
            log.info("Purged {} {} older than {}", purged, records, cutoff);
        }
        return purged;
    }

    @Override
    protected void runOnce() {
        purge();
    }
}
