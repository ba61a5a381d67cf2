package io.assetgate.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The external issuer's key set when its refresh is slow, as a provider under load is: the
 * request that refreshes the expired cache waits on a key set that arrives piece by piece,
 * and the requests behind it must still be answered from the keys already known, not turned
 * away (each would be a 401 for a token signed by a good key). Seen in the cluster test under
 * load, where 2 of 100 uploads were refused that way.
 */
class SlowKeySetRefreshTest {

    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static final Duration CACHE_TTL = Duration.ofSeconds(1);

    private final AtomicBoolean slow = new AtomicBoolean();
    private final AtomicInteger fetches = new AtomicInteger();
    private HttpServer idp;
    private ExecutorService callers;

    @AfterEach
    void stop() {
        if (callers != null) {
            callers.shutdownNow();
        }
        if (idp != null) {
            idp.stop(0);
        }
    }

    @Test
    void requestsWaitingForASlowRefreshAreAnsweredFromTheKnownKeys() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("known").generate();
        URI jwks = serve(new JWKSet(key.toPublicJWK()).toString());
        JWKSource<SecurityContext> source = ExternalIssuerConfig.keySource(jwks, settings());
        JWKSelector byKeyId = new JWKSelector(new JWKMatcher.Builder().keyID("known").build());
        assertThat(source.get(byKeyId, null)).extracting(JWK::getKeyID).containsExactly("known");

        slow.set(true);
        Thread.sleep(CACHE_TTL.plusMillis(200).toMillis());
        callers = Executors.newFixedThreadPool(4);
        List<Future<List<JWK>>> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(callers.submit(() -> source.get(byKeyId, null)));
            Thread.sleep(20); // the first one starts the refresh; the others find it running
        }

        for (Future<List<JWK>> answer : answers) {
            assertThat(answer.get(10, TimeUnit.SECONDS)).extracting(JWK::getKeyID).containsExactly("known");
        }
        assertThat(fetches.get()).as("one refresh for all of them").isEqualTo(2);
    }

    private static TokenSecurityProperties settings() {
        return new TokenSecurityProperties(List.of(), null,
                new TokenSecurityProperties.Jwks(CACHE_TTL, Duration.ofMillis(500), Duration.ofHours(1), TIMEOUT), null);
    }

    /**
     * A key set endpoint; once {@link #slow} is set it sends the body in ten pieces 200 ms
     * apart, so each read is within the timeout while the whole fetch takes two seconds.
     */
    private URI serve(String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        idp.setExecutor(Executors.newCachedThreadPool());
        idp.createContext("/jwks", exchange -> {
            fetches.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                int piece = slow.get() ? (bytes.length + 9) / 10 : bytes.length;
                for (int at = 0; at < bytes.length; at += piece) {
                    if (slow.get()) {
                        sleep(200);
                    }
                    out.write(bytes, at, Math.min(piece, bytes.length - at));
                    out.flush();
                }
            }
        });
        idp.start();
        return URI.create("http://127.0.0.1:" + idp.getAddress().getPort() + "/jwks");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
