package io.assetgate.client;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OAuth2 client credentials (RFC 6749 section 4.4) for services. The token is cached and
 * renewed shortly before it expires.
 */
public final class ClientCredentialsTokenProvider implements TokenProvider {

    private final URI tokenEndpoint;
    private final String clientId;
    private final String clientSecret;
    private final String scope;
    private Tokens current;

    /**
     * @param tokenEndpoint the issuer's token endpoint (see {@link OidcDiscovery})
     * @param scope space-separated scopes, or null for the client's defaults
     */
    public ClientCredentialsTokenProvider(URI tokenEndpoint, String clientId, String clientSecret, String scope) {
        this.tokenEndpoint = tokenEndpoint;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope;
    }

    @Override
    public synchronized String accessToken() {
        if (current == null || current.expiresWithin(Instant.now(), RefreshTokenProvider.RENEW_MARGIN_SECONDS)) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "client_credentials");
            form.put("client_id", clientId);
            form.put("client_secret", clientSecret);
            form.put("scope", scope);
            current = TokenEndpoint.tokens(TokenEndpoint.post(tokenEndpoint, form), null);
        }
        return current.accessToken();
    }

    @Override
    public synchronized void invalidate(String token) {
        if (current != null && current.accessToken().equals(token)) {
            current = null;
        }
    }
}
