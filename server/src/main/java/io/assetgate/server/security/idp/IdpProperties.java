package io.assetgate.server.security.idp;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded identity provider: its users and clients. Used only when no external
 * issuer is set. When neither users nor service clients are given, a default user and a
 * default service client are generated on first start (see {@link InitialCredentials}).
 *
 * @param users people who sign in through the browser or the CLI's device flow
 * @param clients services that authenticate with client credentials
 * @param redirectUris where the browser client may return after signing in; empty: the web
 *        uploader's pages, {@code <public-url>/app/} and {@code <public-url>/app/uppy.html}
 * @param accessTokenTtl lifetime of access tokens
 * @param refreshTokenTtl lifetime of refresh tokens
 */
@ConfigurationProperties("assetgate.idp")
record IdpProperties(@DefaultValue List<User> users, @DefaultValue List<Client> clients,
        @DefaultValue List<String> redirectUris, @DefaultValue("15m") Duration accessTokenTtl,
        @DefaultValue("30d") Duration refreshTokenTtl) {

    /**
     * A user. {@code password} may be plain or in Spring's {@code {bcrypt}...} form.
     *
     * @param scopes the scopes this user's tokens may carry
     */
    public record User(String username, String password,
            @DefaultValue({"assets:read", "assets:write"}) List<String> scopes) {
    }

    /**
     * A confidential client using the client-credentials grant.
     *
     * @param scopes the scopes its tokens carry
     */
    public record Client(String clientId, String clientSecret,
            @DefaultValue({"assets:read", "assets:write"}) List<String> scopes) {
    }
}
