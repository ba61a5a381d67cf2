package io.assetgate.server.audit;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.assetgate.server.config.PeriodicTask;

/** Purges audit events older than {@code assetgate.audit.retention}, every purge interval. */
@Component
class AuditRetention extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

    private final AuditRepository repository;
    private final AuditProperties properties;
    private final Clock clock;

    AuditRetention(AuditRepository repository, AuditProperties properties, Clock clock) {
        super("audit-retention", properties.purgeInterval(), properties.purgeInterval());
        this.repository = repository;
        this.properties = properties;
        this.clock = clock;
    }

    /** Deletes what is past retention; answers how many events went. */
    int purge() {
        Instant cutoff = clock.instant().minus(properties.retention());
        int purged = repository.purgeBefore(cutoff);
        if (purged > 0) {
            log.info("Purged {} audit events older than {}", purged, cutoff);
        }
        return purged;
    }

    @Override
    protected void runOnce() {
        purge();
    }
}
