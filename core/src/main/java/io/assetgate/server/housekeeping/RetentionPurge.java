package io.assetgate.server.housekeeping;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every interval, deletes the records older than a retention, through the repository's own
 * purge, in batches: each batch is its own short statement, so the first purge after a long
 * pause (or after an upgrade) never holds one transaction over the whole backlog.
 */
public abstract class RetentionPurge extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);
    static final int BATCH = 5_000;

    /** A repository's purge: deletes at most {@code limit} records older than {@code cutoff}; answers how many. */
    @FunctionalInterface
    public interface Batch {
        int purge(Instant cutoff, int limit);
    }

    private final String records;
    private final Duration retention;
    private final Clock clock;
    private final Batch purgeBefore;

    /**
     * @param records what is purged, for the thread's name and the log: "audit events"
     * @param purgeBefore deletes a batch of the records older than the instant it is given
     */
    protected RetentionPurge(String records, Duration retention, Duration interval, Clock clock, Batch purgeBefore) {
        super(records.replace(' ', '-') + "-retention", interval, interval);
        this.records = records;
        this.retention = retention;
        this.clock = clock;
        this.purgeBefore = purgeBefore;
    }

    /** Deletes what is past retention; answers how many records went. */
    public int purge() {
        Instant cutoff = clock.instant().minus(retention);
        int purged = 0;
        int batch;
        do {
            batch = purgeBefore.purge(cutoff, BATCH);
            purged += batch;
        } while (batch == BATCH);
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
