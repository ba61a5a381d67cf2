package io.assetgate.server.security;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Map;

import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.OutageTolerantJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.web.client.RestClient;

/**
 * Tokens from an external OIDC provider (Keycloak, Cognito, Okta, Entra ID, Auth0...), found
 * through its discovery document. Discovery is lazy, so the server starts even while the
 * provider is briefly unreachable; calls answer 401 until it is back.
 *
 * <p>The provider's key set is cached ({@code assetgate.security.jwks.*}): a token with an
 * unknown {@code kid} refreshes it at most once per window, which is how a key rotation at the
 * provider is picked up without a restart; while the provider is down the last good set keeps
 * working for the outage tolerance.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${spring.security.oauth2.resourceserver.jwt.issuer-uri:}'.isBlank()")
class ExternalIssuerConfig {

    private static final int MAX_KEY_SET_BYTES = 512 * 1024;

    @Bean
    IssuerMetadata issuerMetadata(JwtProperties properties, TokenSecurityProperties security) {
        return new IssuerMetadata(properties.issuerUri(), client(security));
    }

    @Bean
    JwtDecoder jwtDecoder(IssuerMetadata issuer, JwtProperties properties, TokenSecurityProperties security) {
        return new SupplierJwtDecoder(() -> HardenedJwtDecoder.of(keySource(issuer.jwksUri(), security),
                JwtValidators.forIssuer(properties.issuerUri(), properties, security),
                security.tokenCache().toCache()));
    }

    static JWKSource<SecurityContext> keySource(URI jwksUri, TokenSecurityProperties security) {
        TokenSecurityProperties.Jwks jwks = security.jwks();
        int timeout = (int) jwks.timeout().toMillis();
        JWKSource<SecurityContext> built;
        try {
            URL url = jwksUri.toURL();
            built = JWKSourceBuilder.<SecurityContext>create(url,
                            new DefaultResourceRetriever(timeout, timeout, MAX_KEY_SET_BYTES))
                    .cache(jwks.cacheTtl().toMillis(), timeout)
                    .rateLimited(jwks.refreshMinInterval().toMillis())
                    .outageTolerant(jwks.outageTolerance().toMillis())
                    .retrying(false)
                    .refreshAheadCache(false)
                    .build();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException("The issuer's jwks_uri is not a URL", e);
        }
        return lastGoodKeysOnTop(built, jwks.outageTolerance());
    }

    /**
     * The builder puts its outage tolerance under the cache, so it answers for the request that
     * refreshes an expired set, not for those waiting behind it: they give up after the fetch
     * timeout, while the refresh itself may take longer (connect and read time out apart, and a
     * slow provider sends each piece within the read timeout). Under load that turned tokens
     * signed by a known key away with 401. The same tolerance on top answers the waiting
     * requests from the last set the cache gave. A key id not in that set still needs a fetch
     * that succeeds, so a new or unknown key is never accepted from it.
     */
    private static JWKSource<SecurityContext> lastGoodKeysOnTop(JWKSource<SecurityContext> built, Duration tolerance) {
        if (!(built instanceof JWKSetBasedJWKSource<SecurityContext> sets)) {
            throw new IllegalStateException("Unexpected key source from Nimbus: " + built.getClass());
        }
        return new JWKSetBasedJWKSource<>(
                new OutageTolerantJWKSetSource<>(sets.getJWKSetSource(), tolerance.toMillis(), null));
    }

    private static RestClient client(TokenSecurityProperties security) {
        SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory();
        factory.setConnectTimeout(security.jwks().timeout());
        factory.setReadTimeout(security.jwks().timeout());
        return RestClient.builder().requestFactory(factory).build();
    }

    /** The issuer's discovery document, fetched once on first use and checked against the setting. */
    static final class IssuerMetadata {

        private final String issuer;
        private final RestClient http;
        private volatile URI jwksUri;

        IssuerMetadata(String issuer, RestClient http) {
            this.issuer = issuer;
            this.http = http;
        }

        URI jwksUri() {
            URI known = jwksUri;
            if (known == null) {
                String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
                Map<String, Object> doc = http.get().uri(base + "/.well-known/openid-configuration").retrieve()
                        .body(new ParameterizedTypeReference<Map<String, Object>>() { });
                // MUST match: otherwise a misrouted discovery could make us trust another issuer's keys.
                if (doc == null || !issuer.equals(doc.get("issuer")) || !(doc.get("jwks_uri") instanceof String uri)) {
                    throw new IllegalStateException("The issuer's discovery document does not match " + issuer);
                }
                known = URI.create(uri);
                jwksUri = known;
            }
            return known;
        }

        /** True when the key set answers now; used by the health check. */
        boolean keysReachable() {
            try {
                http.get().uri(jwksUri()).retrieve().toBodilessEntity();
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }
    }
}
