package io.assetgate.serverless.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import io.assetgate.server.security.Scopes;

/**
 * The caller of a Lambda API call, from the claims that API Gateway's JWT authorizer verified
 * ({@code requestContext.authorizer.jwt.claims}): the same {@link JwtAuthenticationToken} the
 * server's filter chain makes from a bearer token, so that the core (owners, scopes, quotas,
 * tenants, the audit trail) sees one kind of caller in both deployments.
 *
 * <p>The token itself never reaches the function; API Gateway checked its signature, issuer,
 * audience and lifetime. Without claims, or without a subject, there is no caller: such a call
 * can only come from a route without the authorizer, and it is refused, never trusted.
 */
public final class AuthorizerCaller {

    /** Stands for the token that the authorizer checked and the function never sees. */
    static final String TOKEN_VALUE = "verified-by-api-gateway";

    private AuthorizerCaller() {
    }

    public static Optional<JwtAuthenticationToken> of(Map<String, String> claims) {
        if (claims == null || claims.get("sub") == null || claims.get("sub").isBlank()) {
            return Optional.empty();
        }
        Map<String, Object> values = new HashMap<>();
        claims.forEach((name, value) -> {
            if (value == null) {
                return;
            }
            switch (name) {
                // Spring's Jwt wants instants for these; API Gateway passes them as numbers in strings.
                case "iat", "exp", "nbf" -> epochSeconds(value).ifPresent(at -> values.put(name, at));
                default -> values.put(name, value);
            }
        });
        Jwt jwt = Jwt.withTokenValue(TOKEN_VALUE).header("alg", "none").claims(c -> c.putAll(values)).build();
        return Optional.of(new JwtAuthenticationToken(jwt, authorities(claims), jwt.getSubject()));
    }

    /** {@code SCOPE_x} for each scope in the {@code scope} claim (or {@code scp}), as the server grants them. */
    static List<GrantedAuthority> authorities(Map<String, String> claims) {
        String scopes = claims.get("scope") != null ? claims.get("scope") : claims.get("scp");
        List<GrantedAuthority> authorities = new ArrayList<>();
        if (scopes != null) {
            // API Gateway passes a list claim as "[a b]".
            String plain = scopes.startsWith("[") && scopes.endsWith("]") ? scopes.substring(1, scopes.length() - 1) : scopes;
            for (String scope : plain.split("[\\s,]+")) {
                if (!scope.isBlank()) {
                    authorities.add(new SimpleGrantedAuthority(Scopes.authority(scope)));
                }
            }
        }
        return authorities;
    }

    private static Optional<Instant> epochSeconds(String value) {
        try {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
