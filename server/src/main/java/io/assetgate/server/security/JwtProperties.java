package io.assetgate.server.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The accepted tokens, under Spring's own names.
 *
 * @param issuerUri an external OIDC issuer; when set, the embedded identity provider is off
 * @param audiences a token must carry at least one of these in {@code aud}
 * @param clockSkew tolerance applied to {@code exp} and {@code nbf}
 */
@ConfigurationProperties("spring.security.oauth2.resourceserver.jwt")
public record JwtProperties(String issuerUri, @DefaultValue("assetgate") List<String> audiences,
        @DefaultValue("60s") Duration clockSkew) {

    public boolean external() {
        return issuerUri != null && !issuerUri.isBlank();
    }
}
