package io.assetgate.server.support;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.RSAKey;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

/**
 * A real OIDC provider for tests (mock-oauth2-server): discovery, JWKS and RS256-signed JWTs.
 * One instance serves the whole test JVM; issuer {@value #ISSUER} is the trusted one and
 * {@value #OTHER_ISSUER} is a second, untrusted provider.
 */
public final class TestIdp {

    public static final String ISSUER = "assetgate-test";
    public static final String OTHER_ISSUER = "someone-else";
    public static final String AUDIENCE = "assetgate";
    /** The provider's signing keys, kept so tests can forge tokens with a genuine key. */
    private static final KeyProvider KEYS = new KeyProvider();
    private static final MockOAuth2Server SERVER = start();

    private TestIdp() {
    }

    private static MockOAuth2Server start() {
        MockOAuth2Server server = new MockOAuth2Server(
                new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(KEYS)));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
        warmUp(server);
        return server;
    }

    /**
     * Serves discovery and keys once before any server under test asks, so the first real
     * lookup does not pay the provider's own start-up (class loading, key generation) on a
     * busy machine.
     */
    private static void warmUp(MockOAuth2Server server) {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (String issuer : List.of(ISSUER, OTHER_ISSUER)) {
            for (String url : List.of(server.issuerUrl(issuer) + "/.well-known/openid-configuration",
                    server.jwksUrl(issuer).toString())) {
                try {
                    http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    public static MockOAuth2Server server() {
        return SERVER;
    }

    /** The trusted issuer's private signing key (RSA), for crafting attack tokens. */
    public static RSAKey signingKey() {
        return (RSAKey) KEYS.signingKey(ISSUER);
    }

    public static String issuerUrl() {
        return SERVER.issuerUrl(ISSUER).toString();
    }

    /** A valid token for {@code subject} with the given space-separated scopes. */
    public static String token(String subject, String scopes) {
        return token(ISSUER, subject, List.of(AUDIENCE), Map.of("scope", scopes), 3600);
    }

    /** Any token: issuer id, subject, audiences, extra claims, and lifetime in seconds (negative: expired). */
    public static String token(String issuerId, String subject, List<String> audiences, Map<String, Object> claims,
            long expirySeconds) {
        Map<String, Object> all = new HashMap<>(claims);
        return SERVER.issueToken(issuerId, "test-client",
                new DefaultOAuth2TokenCallback(issuerId, subject, "JWT", audiences, all, expirySeconds)).serialize();
    }
}
