package io.assetgate.server.security;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import io.assetgate.server.config.AssetgateProperties;

/**
 * Browser-facing protections on every response of the API chain: the CORS allowlist, and the
 * security headers ({@code nosniff}, {@code Referrer-Policy: no-referrer}, frame denial, a CSP
 * and HSTS on requests that arrived over TLS, directly or through a trusted proxy).
 */
@Configuration(proxyBeanMethods = false)
public class HttpHygiene {

    /** MUST: nothing we serve may run script; stored files served by the local store above all. */
    static final String STRICT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox";
    /** The API explorer is the one HTML page with script; it may load only from this origin. */
    static final String EXPLORER_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /** Applies the headers to the API security chain. */
    public static void headers(HeadersConfigurer<HttpSecurity> headers) {
        headers.contentTypeOptions(c -> { })
                .frameOptions(f -> f.deny())
                .referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER))
                .httpStrictTransportSecurity(h -> h.includeSubDomains(true).maxAgeInSeconds(Duration.ofDays(365).toSeconds()))
                .addHeaderWriter(new ContentSecurityPolicy());
    }

    @Bean
    CorsConfigurationSource corsConfigurationSource(CorsProperties cors, AssetgateProperties server) {
        List<String> origins = cors.allowedOrigins().isEmpty() ? List.of(origin(server.publicUrl())) : cors.allowedOrigins();
        CorsConfiguration api = new CorsConfiguration();
        api.setAllowedOrigins(origins);
        api.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE"));
        api.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id", "traceparent"));
        api.setExposedHeaders(List.of("X-Request-Id", "Retry-After", "Location", "RateLimit-Remaining"));
        api.setMaxAge(Duration.ofHours(1));
        // The signed store links: a browser PUTs with exactly the signed headers and reads the ETag.
        CorsConfiguration store = new CorsConfiguration();
        store.setAllowedOrigins(origins);
        store.setAllowedMethods(List.of("GET", "HEAD", "PUT"));
        store.setAllowedHeaders(List.of("Content-Type", "Content-MD5", "X-Checksum-Sha256"));
        store.setExposedHeaders(List.of("ETag", "X-Request-Id"));
        store.setMaxAge(Duration.ofHours(1));
        // A page on an allowed origin reads the web uploader's settings and signs in with the
        // embedded provider: discovery, keys and the token endpoint (code and refresh grants).
        CorsConfiguration signIn = new CorsConfiguration();
        signIn.setAllowedOrigins(origins);
        signIn.setAllowedMethods(List.of("GET", "POST"));
        signIn.setAllowedHeaders(List.of("Content-Type"));
        signIn.setMaxAge(Duration.ofHours(1));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/v1/**", api);
        source.registerCorsConfiguration("/store/**", store);
        source.registerCorsConfiguration("/app/config.json", signIn);
        source.registerCorsConfiguration("/.well-known/openid-configuration", signIn);
        source.registerCorsConfiguration("/.well-known/oauth-authorization-server", signIn);
        source.registerCorsConfiguration("/oauth2/jwks", signIn);
        source.registerCorsConfiguration("/oauth2/token", signIn);
        source.registerCorsConfiguration("/oauth2/revoke", signIn);
        return source;
    }

    static String origin(URI url) {
        int port = url.getPort();
        return url.getScheme() + "://" + url.getHost() + (port < 0 ? "" : ":" + port);
    }

    /** A strict CSP everywhere except the API explorer's own pages. */
    private static final class ContentSecurityPolicy implements HeaderWriter {
        @Override
        public void writeHeaders(HttpServletRequest request, HttpServletResponse response) {
            if (response.containsHeader("Content-Security-Policy")) {
                return;
            }
            String path = request.getRequestURI();
            boolean explorer = path.startsWith("/swagger-ui") || path.startsWith("/v3/api-docs");
            response.setHeader("Content-Security-Policy", explorer ? EXPLORER_CSP : STRICT_CSP);
        }
    }
}
