package io.assetgate.server.security;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/**
 * The checks every access token MUST pass, whichever issuer signed it: the expected issuer,
 * an {@code exp} (required: a token without one would never expire), {@code exp}/{@code nbf}
 * within the clock skew, and one of the accepted audiences, or, for providers such as
 * Cognito that put no {@code aud} in access tokens, one of the accepted client ids.
 */
public final class JwtValidators {

    private JwtValidators() {
    }

    public static OAuth2TokenValidator<Jwt> forIssuer(String issuer, JwtProperties properties,
            TokenSecurityProperties security) {
        return new DelegatingOAuth2TokenValidator<>(
                new JwtIssuerValidator(issuer),
                new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
                new JwtTimestampValidator(properties.clockSkew()),
                audienceOrClient(properties.audiences(), security.clientIds()),
                tenant(security));
    }

    /** Accepted when {@code aud} names an accepted audience, or the client id is an accepted one. */
    static OAuth2TokenValidator<Jwt> audienceOrClient(List<String> audiences, List<String> clientIds) {
        return jwt -> {
            List<String> aud = jwt.getAudience();
            if (aud != null && aud.stream().anyMatch(audiences::contains)) {
                return OAuth2TokenValidatorResult.success();
            }
            String client = jwt.getClaimAsString("client_id");
            if (client == null) {
                client = jwt.getClaimAsString("azp");
            }
            if (client != null && clientIds.contains(client)) {
                return OAuth2TokenValidatorResult.success();
            }
            return failure("audience", "The token has no accepted audience or client id");
        };
    }

    /** With tenant isolation on, a token MUST name a well-formed tenant. */
    static OAuth2TokenValidator<Jwt> tenant(TokenSecurityProperties security) {
        return jwt -> {
            if (!security.tenantIsolation() || Tenants.isWellFormed(jwt.getClaimAsString(security.tenantClaim()))) {
                return OAuth2TokenValidatorResult.success();
            }
            return failure("tenant", "The token names no valid tenant");
        };
    }

    private static OAuth2TokenValidatorResult failure(String reason, String description) {
        return OAuth2TokenValidatorResult.failure(
                new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "[" + reason + "] " + description, null));
    }
}
