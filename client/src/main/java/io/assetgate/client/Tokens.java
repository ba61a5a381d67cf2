package io.assetgate.client;

import java.time.Instant;

/**
 * What a token endpoint answered: an access token, when it expires, and maybe a refresh token.
 * {@link #toString()} never shows the secrets.
 */
public record Tokens(String accessToken, String refreshToken, Instant expiresAt) {

    /** True when the access token expires within {@code margin} seconds of {@code now}. */
    public boolean expiresWithin(Instant now, long marginSeconds) {
        return expiresAt == null ? false : !now.plusSeconds(marginSeconds).isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "Tokens[expiresAt=" + expiresAt + ", refresh=" + (refreshToken != null) + "]";
    }
}
