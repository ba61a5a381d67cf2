package io.assetgate.server.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Purges audit events older than {@code assetgate.audit.retention}, every purge interval. */
@Component
class AuditRetention implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

    private final AuditRepository repository;
    private final AuditProperties properties;
    private final Clock clock;
    private ScheduledExecutorService timer;

    AuditRetention(AuditRepository repository, AuditProperties properties, Clock clock) {
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
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("audit-retention").factory());
        long every = properties.purgeInterval().toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                purge();
            } catch (RuntimeException e) {
                log.warn("Audit purge failed: {}", e.getMessage());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}
