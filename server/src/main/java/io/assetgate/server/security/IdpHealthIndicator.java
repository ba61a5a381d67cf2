package io.assetgate.server.security;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * The {@code idp} health component: whether the external issuer's key set answers. An
 * unreachable provider reports UNKNOWN rather than DOWN, because cached keys keep validating
 * tokens through an outage; taking the server out of rotation would turn a provider blip
 * into an outage of ours. The embedded provider is part of this process and always UP.
 *
 * <p>The health endpoint answers anyone, so a probe's answer is kept for {@link #PROBE_TTL}:
 * a flood of health requests must not become a flood of requests to the provider.
 */
@Component("idp")
class IdpHealthIndicator implements HealthIndicator {

    private static final Duration PROBE_TTL = Duration.ofSeconds(5);

    private final ObjectProvider<ExternalIssuerConfig.IssuerMetadata> issuer;
    private volatile Probe last;

    private record Probe(long atNanos, boolean reachable) {
    }

    IdpHealthIndicator(ObjectProvider<ExternalIssuerConfig.IssuerMetadata> issuer) {
        this.issuer = issuer;
    }

    @Override
    public Health health() {
        ExternalIssuerConfig.IssuerMetadata external = issuer.getIfAvailable();
        if (external == null) {
            return Health.up().withDetail("issuer", "embedded").build();
        }
        return keysReachable(external) ? Health.up().build() : Health.status(Status.UNKNOWN).build();
    }

    private boolean keysReachable(ExternalIssuerConfig.IssuerMetadata external) {
        Probe probe = last;
        long now = System.nanoTime();
        if (probe == null || now - probe.atNanos() > PROBE_TTL.toNanos()) {
            probe = new Probe(now, external.keysReachable());
            last = probe;
        }
        return probe.reachable();
    }
}
