package io.assetgate.server.webapp;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The web uploader served at {@code /app/}: how it signs in. With the embedded identity
 * provider the defaults match the client that provider registers; with an external issuer,
 * register a public client (authorization code with PKCE, redirect {@code <public-url>/app/})
 * there and name it here.
 *
 * @param clientId the page's OAuth client id
 * @param issuer the issuer the page signs in with; empty: the resource server's issuer (the
 *        external one, or this server when the embedded provider is on)
 * @param scopes the scopes the page asks for
 */
@ConfigurationProperties("assetgate.web")
public record WebAppProperties(@DefaultValue("assetgate-web") String clientId, String issuer,
        @DefaultValue({"openid", "assets:read", "assets:write"}) List<String> scopes) {
}
