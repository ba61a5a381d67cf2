package io.assetgate.server.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The authenticated caller of an API request: who they are, and whether they hold
 * {@code assets:admin}, which lets them read every owner's assets.
 */
public record Caller(Owner owner, boolean admin, String clientId) {

    public static Caller of(Authentication authentication) {
        if (!(authentication instanceof JwtAuthenticationToken token)) {
            throw new IllegalStateException("API calls are authenticated with JWTs");
        }
        Jwt jwt = token.getToken();
        String clientId = jwt.getClaimAsString("client_id");
        if (clientId == null) {
            clientId = jwt.getClaimAsString("azp");
        }
        return new Caller(Owner.of(jwt), Scopes.has(authentication, Scopes.ADMIN), clientId);
    }

    /** The owner filter for reads: none for an admin, the caller otherwise. */
    public Owner readScope() {
        return admin ? null : owner;
    }
}
