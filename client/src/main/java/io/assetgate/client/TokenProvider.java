package io.assetgate.client;

/**
 * Supplies the bearer token of each API call. Implementations must be thread-safe: uploads
 * call it from several threads, and it is asked again before every call, so a provider that
 * renews before expiry keeps a long upload going.
 */
@FunctionalInterface
public interface TokenProvider {

    /**
     * A currently valid access token.
     *
     * @throws AssetgateException when no token can be had (for example the refresh token was revoked)
     */
    String accessToken();

    /**
     * Called when the server refused {@code token} with 401: a caching provider should forget
     * it, so that the next {@link #accessToken()} fetches a new one.
     */
    default void invalidate(String token) {
    }

    /** A fixed token, for scripts and tests. */
    static TokenProvider of(String token) {
        return () -> token;
    }
}
