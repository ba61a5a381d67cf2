package io.assetgate.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.assetgate.server.AssetgateApplication;
import io.assetgate.server.support.Http;
import io.assetgate.server.support.IdpRequests;
import io.assetgate.server.support.TestDatabases;
import io.assetgate.server.support.TempDirs;

/**
 * The external issuer's key set, against a dedicated real OIDC provider whose keys the test
 * rotates and which it finally shuts down: rotation is picked up without a restart, a flood
 * of unknown key ids cannot make the server hammer the provider, and the last keys fetched
 * keep working while the provider is down, after their cache time has passed. The steps
 * build on each other, so they run in order.
 */
@SpringBootTest(classes = AssetgateApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JwksResilienceTest {

    private static final String ISSUER_ID = "rotating";
    private static final Duration CACHE_TTL = Duration.ofSeconds(3);
    private static final RotatingKeys KEYS = new RotatingKeys();
    private static final MockOAuth2Server IDP = startIdp();
    private static final int PORT = freePort();
    private static final Http API = new Http("http://localhost:" + PORT);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        registry.add("server.port", () -> PORT);
        registry.add("assetgate.public-url", () -> "http://localhost:" + PORT);
        registry.add("assetgate.data-dir", () -> tempDir());
        registry.add("spring.datasource.url", TestDatabases::newH2);
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> IDP.issuerUrl(ISSUER_ID).toString());
        registry.add("assetgate.security.jwks.refresh-min-interval", () -> "2s");
        // Short enough for the outage step to outlive it, so that step shows the outage
        // tolerance rather than the ordinary cache.
        registry.add("assetgate.security.jwks.cache-ttl", () -> CACHE_TTL.toMillis() + "ms");
    }

    @Test
    @Order(1)
    void picksUpARotatedKeyWithoutARestart() {
        assertThat(API.get("/v1/assets", token(KEYS.current(), null)).status()).isEqualTo(200);

        RSAKey next = KEYS.rotate();

        assertThat(API.get("/v1/assets", token(next, null)).status()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void floodOfUnknownKeyIdsRefreshesTheKeySetAtMostOncePerWindow() {
        List<String> flood = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            flood.add(token(stranger(), null));
        }
        drainRequests();

        for (String t : flood) {
            Http.Response r = API.get("/v1/assets", t);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.code()).isEqualTo("UNAUTHENTICATED");
        }

        // Nimbus allows two fetches per window (one kept for a genuine rotation); never 25.
        assertThat(drainRequests().stream().filter(p -> p.contains("jwks")).count()).isLessThanOrEqualTo(2);
        assertThat(API.get("/v1/assets", token(KEYS.current(), null)).status()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void cachedKeysKeepWorkingWhileTheProviderIsDown() throws InterruptedException {
        IDP.shutdown();
        Thread.sleep(CACHE_TTL.plusMillis(500));

        assertThat(API.get("/v1/assets", token(KEYS.current(), null)).status()).isEqualTo(200);
        assertThat(API.get("/v1/assets", token(KEYS.current(), null)).status()).isEqualTo(200);
        Http.Response health = Http.fetch(API.base() + "/actuator/health");
        assertThat(health.json().get("components").get("idp").get("status").asString()).isEqualTo("UNKNOWN");
        assertThat(health.status()).as("an IdP outage must not take the server out of rotation").isEqualTo(200);
    }

    /**
     * A token never seen before (its own {@code jti}), so the server's cache of verified tokens
     * cannot answer for it: its signature is checked against the key set every time, and the
     * outage step shows the keys themselves are cached.
     */
    private static String token(RSAKey key, String kid) {
        try {
            Instant now = Instant.now();
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(IDP.issuerUrl(ISSUER_ID).toString())
                    .subject("rotation-user").audience("assetgate").issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plusSeconds(600))).jwtID(UUID.randomUUID().toString())
                    .claim("scope", "assets:read assets:write").build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                    .keyID(kid == null ? key.getKeyID() : kid).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey stranger() {
        return RotatingKeys.generate();
    }

    private static List<String> drainRequests() {
        return IdpRequests.takePaths(IDP, 50);
    }

    private static MockOAuth2Server startIdp() {
        MockOAuth2Server server = new MockOAuth2Server(new OAuth2Config(false, null, null, false,
                new OAuth2TokenProvider(KEYS)));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
        return server;
    }

    private static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tempDir() {
        return TempDirs.create("assetgate-jwks").toString();
    }

    /** A key provider whose one signing key the test replaces, as a provider rotates keys. */
    static final class RotatingKeys extends KeyProvider {

        private volatile RSAKey current = generate();

        RSAKey current() {
            return current;
        }

        RSAKey rotate() {
            current = generate();
            return current;
        }

        @Override
        public JWK signingKey(String issuerId) {
            return current;
        }

        static RSAKey generate() {
            try {
                return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
