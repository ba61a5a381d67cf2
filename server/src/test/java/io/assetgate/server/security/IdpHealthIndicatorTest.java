package io.assetgate.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.health.contributor.Status;
import org.springframework.web.client.RestClient;

import no.nav.security.mock.oauth2.MockOAuth2Server;

import io.assetgate.server.support.IdpRequests;

/** The idp health component against a real OIDC server, counting what it asks of it. */
class IdpHealthIndicatorTest {

    private MockOAuth2Server idp;

    @BeforeEach
    void start() {
        idp = new MockOAuth2Server();
        idp.start();
    }

    @AfterEach
    void stop() {
        idp.shutdown();
    }

    @Test
    void aBurstOfHealthChecksProbesTheKeySetOnce() {
        IdpHealthIndicator health = indicatorFor(idp.issuerUrl("default").toString());

        for (int i = 0; i < 20; i++) {
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        }

        List<String> paths = drainRequests();
        assertThat(paths).filteredOn(p -> p.endsWith("/jwks")).hasSize(1);
        assertThat(paths).filteredOn(p -> p.endsWith("/.well-known/openid-configuration")).hasSize(1);
    }

    @Test
    void anUnreachableKeySetIsUnknownNotDown() {
        String issuer = idp.issuerUrl("default").toString();
        IdpHealthIndicator health = indicatorFor(issuer);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        idp.shutdown();

        IdpHealthIndicator fresh = indicatorFor(issuer);

        assertThat(fresh.health().getStatus()).isEqualTo(Status.UNKNOWN);
    }

    private static IdpHealthIndicator indicatorFor(String issuer) {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("issuerMetadata", new ExternalIssuerConfig.IssuerMetadata(issuer, RestClient.create()));
        return new IdpHealthIndicator(beans.getBeanProvider(ExternalIssuerConfig.IssuerMetadata.class));
    }

    private List<String> drainRequests() {
        return IdpRequests.takePaths(idp, 100);
    }
}
