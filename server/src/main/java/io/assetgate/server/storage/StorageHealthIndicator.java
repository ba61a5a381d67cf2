package io.assetgate.server.storage;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code storage} component of {@code /actuator/health}: UP when the store answers a
 * lookup of a key that never exists. For S3 that is a HEAD request, which also proves that
 * the credentials still work. The details never include the store's error text.
 */
@Component("storageHealthIndicator")
class StorageHealthIndicator implements HealthIndicator {

    private static final String PROBE_KEY = ObjectKeys.HEALTH_PROBE;

    private final ObjectStore store;

    StorageHealthIndicator(ObjectStore store) {
        this.store = store;
    }

    @Override
    public Health health() {
        try {
            store.stat(PROBE_KEY);
            return Health.up().build();
        } catch (RuntimeException e) {
            String reason = e instanceof StorageUnavailableException ? "unreachable"
                    : e instanceof StorageMisconfiguredException ? "misconfigured" : "refused";
            return Health.down().withDetail("reason", reason).build();
        }
    }
}
