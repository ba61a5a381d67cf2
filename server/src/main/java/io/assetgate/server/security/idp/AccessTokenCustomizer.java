package io.assetgate.server.security.idp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

import io.assetgate.server.security.Scopes;

/**
 * Shapes the embedded provider's access tokens for this API: the audience is Assetgate's,
 * and a user's token carries only the scopes that user holds, whatever the client asked for.
 */
class AccessTokenCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

    private final String audience;
    private final UserDetailsService users;

    AccessTokenCustomizer(String audience, UserDetailsService users) {
        this.audience = audience;
        this.users = users;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            return;
        }
        // An ArrayList, not List.of: the claims are stored with the authorization and read back
        // through Spring Security's allowlist of JSON types, which has no List.of classes.
        context.getClaims().audience(new ArrayList<>(List.of(audience)));
        if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
            return;
        }
        Set<String> held = new LinkedHashSet<>();
        users.loadUserByUsername(context.getPrincipal().getName()).getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("SCOPE_"))
                .forEach(a -> held.add(a.substring("SCOPE_".length())));
        Set<String> granted = new LinkedHashSet<>(context.getAuthorizedScopes());
        granted.removeIf(scope -> scope.startsWith("assets:") && !held.contains(scope));
        context.getClaims().claim("scope", granted);
    }
}
