package io.assetgate.client;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Renews the access token with a refresh token (RFC 6749 section 6) before it expires, so a
 * long upload keeps a valid token. Issuers that rotate refresh tokens answer a new one with
 * each renewal: {@code onRenewed} receives it, and must persist it (the old one is now spent).
 */
public final class RefreshTokenProvider implements TokenProvider {

    /** Renew when the token has less than this left, so that it cannot expire in flight. */
    static final long RENEW_MARGIN_SECONDS = 30;

    private final URI tokenEndpoint;
    private final String clientId;
    private final Consumer<Tokens> onRenewed;
    private Tokens current;

    public RefreshTokenProvider(URI tokenEndpoint, String clientId, Tokens initial, Consumer<Tokens> onRenewed) {
        if (initial.refreshToken() == null) {
            throw new IllegalArgumentException("a refresh token is required");
        }
        this.tokenEndpoint = tokenEndpoint;
        this.clientId = clientId;
        this.current = initial;
        this.onRenewed = onRenewed == null ? t -> { } : onRenewed;
    }

    @Override
    public synchronized String accessToken() {
        if (current.accessToken() == null || current.expiresWithin(Instant.now(), RENEW_MARGIN_SECONDS)) {
            renew();
        }
        return current.accessToken();
    }

    @Override
    public synchronized void invalidate(String token) {
        if (token.equals(current.accessToken())) {
            current = new Tokens(null, current.refreshToken(), current.expiresAt());
        }
    }

    /** The tokens in use now. */
    public synchronized Tokens tokens() {
        return current;
    }

    private void renew() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", current.refreshToken());
        form.put("client_id", clientId);
        current = TokenEndpoint.tokens(TokenEndpoint.post(tokenEndpoint, form), current.refreshToken());
        onRenewed.accept(current);
    }
}
