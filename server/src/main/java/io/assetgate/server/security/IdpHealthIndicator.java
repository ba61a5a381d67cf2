package io.assetgate.server.security;

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
 */
@Component("idp")
class IdpHealthIndicator implements HealthIndicator {

    private final ObjectProvider<ExternalIssuerConfig.IssuerMetadata> issuer;

    IdpHealthIndicator(ObjectProvider<ExternalIssuerConfig.IssuerMetadata> issuer) {
        this.issuer = issuer;
    }

    @Override
    public Health health() {
        ExternalIssuerConfig.IssuerMetadata external = issuer.getIfAvailable();
        if (external == null) {
            return Health.up().withDetail("issuer", "embedded").build();
        }
        return external.keysReachable() ? Health.up().build() : Health.status(Status.UNKNOWN).build();
    }
}
