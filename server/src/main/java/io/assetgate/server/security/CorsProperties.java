package io.assetgate.server.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param allowedOrigins origins (scheme, host and port) allowed to call the API and the local
 *        store from a browser. Empty: only the server's own origin ({@code assetgate.public-url}).
 *        Wildcards are refused: an upload API MUST name the sites it trusts.
 */
@ConfigurationProperties("assetgate.cors")
record CorsProperties(@DefaultValue List<String> allowedOrigins) {

    public CorsProperties {
        if (allowedOrigins.stream().anyMatch(o -> o.contains("*"))) {
            throw new IllegalArgumentException("assetgate.cors.allowed-origins must list origins, not wildcards");
        }
    }
}
