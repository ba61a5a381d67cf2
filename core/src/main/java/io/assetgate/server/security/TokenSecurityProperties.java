package io.assetgate.server.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token settings beyond Spring's own {@code spring.security.oauth2.resourceserver.jwt.*}.
 *
 * @param clientIds accepted OAuth client ids. A token whose {@code client_id} (or {@code azp})
 *        is listed is accepted even without an accepted {@code aud}: Amazon Cognito access
 *        tokens carry {@code client_id} and no {@code aud}. Empty: only {@code aud} counts.
 * @param tenantClaim a claim naming the caller's tenant (for example {@code tenant} or
 *        {@code org_id}); when set, every token MUST carry it and object keys are prefixed by it
 * @param jwks how the external issuer's signing keys are fetched and cached
 * @param tokenCache how many tokens whose signature verified are remembered, and for how long
 */
@ConfigurationProperties("assetgate.security")
public record TokenSecurityProperties(@DefaultValue List<String> clientIds, String tenantClaim,
        @DefaultValue Jwks jwks, @DefaultValue TokenCacheSettings tokenCache) {

    /**
     * @param maxSize at most this many verified tokens are remembered; 0 turns remembering off
     * @param ttl a token is verified again at the latest this long after it was last verified,
     *        so a signing key withdrawn by the issuer stops working within this time
     */
    public record TokenCacheSettings(@DefaultValue("10000") int maxSize, @DefaultValue("5m") Duration ttl) {
        public HardenedJwtDecoder.TokenCache toCache() {
            return new HardenedJwtDecoder.TokenCache(maxSize, ttl);
        }
    }

    /**
     * @param cacheTtl how long a fetched key set is used before it is fetched again
     * @param refreshMinInterval an unknown {@code kid} refreshes the set at most once per this
     *        window, so a flood of random key ids cannot make the server hammer the IdP
     * @param outageTolerance how long the last good key set keeps working while the IdP is down
     * @param timeout connect and read timeout of a key set fetch
     */
    public record Jwks(@DefaultValue("5m") Duration cacheTtl, @DefaultValue("30s") Duration refreshMinInterval,
            @DefaultValue("24h") Duration outageTolerance, @DefaultValue("5s") Duration timeout) {

        /**
         * Refuses, at startup, settings the key set fetcher cannot run with. It is built on the
         * first request, so without this check they would make every authenticated request fail
         * with 500 instead.
         */
        public Jwks {
            requirePositive("cache-ttl", cacheTtl);
            requirePositive("refresh-min-interval", refreshMinInterval);
            requirePositive("outage-tolerance", outageTolerance);
            requirePositive("timeout", timeout);
            if (refreshMinInterval.compareTo(cacheTtl) >= 0) {
                throw new IllegalArgumentException("assetgate.security.jwks.refresh-min-interval (" + refreshMinInterval
                        + ") must be shorter than assetgate.security.jwks.cache-ttl (" + cacheTtl + ")");
            }
        }

        private static void requirePositive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("assetgate.security.jwks." + name + " must be positive, not " + value);
            }
        }
    }

    public boolean tenantIsolation() {
        return tenantClaim != null && !tenantClaim.isBlank();
    }
}
