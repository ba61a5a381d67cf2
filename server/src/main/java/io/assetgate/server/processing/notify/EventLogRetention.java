package io.assetgate.server.processing.notify;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.assetgate.server.config.PeriodicTask;

/** Purges asset events older than {@code assetgate.events.retention}, every purge interval. */
@Component
class EventLogRetention extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(EventLogRetention.class);

    private final EventLog events;
    private final EventLogProperties properties;
    private final Clock clock;

    EventLogRetention(EventLog events, EventLogProperties properties, Clock clock) {
        super("event-log-retention", properties.purgeInterval(), properties.purgeInterval());
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    /** Deletes the events past retention; answers how many went. */
    int purge() {
        Instant cutoff = clock.instant().minus(properties.retention());
        int purged = events.purgeBefore(cutoff);
        if (purged > 0) {
            log.info("Purged {} asset events older than {}", purged, cutoff);
        }
        return purged;
    }

    @Override
    protected void runOnce() {
        purge();
    }
}
