package io.assetgate.server.support;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

/**
 * A real OIDC provider (mock-oauth2-server) of one test's own, on a fixed port, that the test
 * can stop and start again under the same issuer URL, and whose signing key it can replace, as
 * a provider that rotates keys while it is unreachable. {@link TestIdp} serves everyone else.
 */
public final class StoppableIdp implements AutoCloseable {

    public static final String ISSUER = "stoppable";

    private final int port = ServerTest.freePort();
    private final RotatingKeys keys = new RotatingKeys();
    private MockOAuth2Server server;

    public StoppableIdp() {
        resume();
        TempDirs.stopOnExit(this::close);
    }

    public String issuerUrl() {
        return "http://localhost:" + port + "/" + ISSUER;
    }

    /** A valid token for {@code subject} with the given space-separated scopes, signed with the current key. */
    public String token(String subject, String scopes) {
        return server.issueToken(ISSUER, "test-client", new DefaultOAuth2TokenCallback(ISSUER, subject, "JWT",
                List.of(TestIdp.AUDIENCE), Map.of("scope", scopes), 3600)).serialize();
    }

    /** Signs from now on with a new key, which no server has fetched yet. */
    public void rotateKey() {
        keys.rotate();
    }

    /** Stops the provider: discovery and keys are unreachable. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server = null;
        }
    }

    /** Starts it again on the same port, with the keys it has now. */
    public synchronized void resume() {
        MockOAuth2Server fresh = new MockOAuth2Server(new OAuth2Config(false, null, null, false,
                new OAuth2TokenProvider(keys)));
        fresh.start(port);
        server = fresh;
    }

    @Override
    public void close() {
        stop();
    }

    /** One signing key, which the test replaces. */
    private static final class RotatingKeys extends KeyProvider {

        private volatile RSAKey current = generate();

        void rotate() {
            current = generate();
        }

        @Override
        public JWK signingKey(String issuerId) {
            return current;
        }

        private static RSAKey generate() {
            try {
                return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
