package io.assetgate.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import com.nimbusds.jose.util.Base64URL;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.assetgate.server.support.ForgedTokens;
import io.assetgate.server.support.Http;
import io.assetgate.server.support.SecuredServerTest;
import io.assetgate.server.support.TestFiles;
import io.assetgate.server.support.TestIdp;

/**
 * Token attacks against {@code POST /v1/uploads}, over real HTTP, with tokens crafted from the
 * real provider's keys. Each is refused with the exact status and code, and leaves no record,
 * reservation or object behind.
 */
class TokenAttackTest extends SecuredServerTest {

    private static final byte[] PHOTO = TestFiles.jpeg(64, 48);

    /** One attack: how the Authorization header is made, and the exact answer expected. */
    record Attack(String name, Function<String, String> authorization, int status, String code) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Attack> attacks() {
        return Stream.of(
                refused("no Authorization header", s -> null),
                refused("empty bearer", s -> "Bearer "),
                refused("garbage bearer", s -> "Bearer not-a-jwt"),
                refused("three parts of random base64", s -> "Bearer " + b64("{}") + "." + b64("{}") + "." + b64("x")),
                refused("alg none, unsigned", s -> bearer(ForgedTokens.unsigned(s))),
                refused("alg none with a fake signature", s -> bearer(ForgedTokens.noneWithSignature(s))),
                refused("HS256 signed with the issuer's public key", s -> bearer(ForgedTokens.hmacWithPublicKey(s))),
                refused("jku header pointing elsewhere", s -> bearer(ForgedTokens.genuineWithHeader(s,
                        h -> h.jwkURL(URI.create("https://attacker.example/jwks.json"))))),
                refused("x5u header pointing elsewhere", s -> bearer(ForgedTokens.genuineWithHeader(s,
                        h -> h.x509CertURL(URI.create("https://attacker.example/cert.pem"))))),
                refused("jwk header with the issuer's own key", s -> bearer(ForgedTokens.genuineWithHeader(s,
                        h -> h.jwk(TestIdp.signingKey().toPublicJWK())))),
                refused("x5c header", s -> bearer(ForgedTokens.genuineWithHeader(s,
                        h -> h.x509CertChain(List.of(com.nimbusds.jose.util.Base64.encode("not a certificate")))))),
                refused("self-signed ES256 with embedded jwk", s -> bearer(ForgedTokens.embeddedJwk(s))),
                refused("stranger's key under the issuer's kid", s -> bearer(ForgedTokens.strangerKey(s, true))),
                refused("stranger's key under an unknown kid", s -> bearer(ForgedTokens.strangerKey(s, false))),
                refused("tampered signature", s -> bearer(ForgedTokens.tamperedSignature(s))),
                refused("payload swapped under a genuine signature", s -> bearer(ForgedTokens.swappedPayload(s, "alice"))),
                refused("expired beyond the clock skew", s -> bearer(ForgedTokens.genuine(s,
                        c -> c.issueTime(Date.from(Instant.now().minusSeconds(600)))
                                .notBeforeTime(Date.from(Instant.now().minusSeconds(600)))
                                .expirationTime(Date.from(Instant.now().minusSeconds(120)))))),
                refused("not valid before a future time beyond the skew", s -> bearer(ForgedTokens.genuine(s,
                        c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(300)))))),
                refused("no exp claim", s -> bearer(ForgedTokens.genuine(s, c -> c.expirationTime(null)))),
                refused("wrong iss under a genuine signature", s -> bearer(ForgedTokens.genuine(s,
                        c -> c.issuer("https://attacker.example")))),
                refused("token of another (untrusted) issuer", s -> bearer(TestIdp.token(TestIdp.OTHER_ISSUER, s,
                        List.of(TestIdp.AUDIENCE), Map.of("scope", READ_WRITE), 3600))),
                refused("wrong audience", s -> bearer(ForgedTokens.genuine(s, c -> c.audience("another-api")))),
                refused("no audience", s -> bearer(ForgedTokens.genuine(s, c -> c.audience((String) null)))),
                refused("no audience and an unknown client_id", s -> bearer(ForgedTokens.genuine(s,
                        c -> c.audience((String) null).claim("client_id", "some-other-client")))),
                refused("Basic credentials instead of a bearer token", s -> "Basic " + b64(s + ":password")),
                refused("bearer scheme misspelt", s -> "Bearer" + ForgedTokens.genuine(s, c -> { })),
                new Attack("no scope at all", s -> bearer(ForgedTokens.genuine(s, c -> c.claim("scope", null))),
                        403, "FORBIDDEN"),
                new Attack("read scope only", s -> bearer(ForgedTokens.genuine(s, c -> c.claim("scope", "assets:read"))),
                        403, "FORBIDDEN"),
                new Attack("admin scope does not grant write", s -> bearer(ForgedTokens.genuine(s,
                        c -> c.claim("scope", "assets:admin"))), 403, "FORBIDDEN"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void refusesForgedOrInvalidTokenAndStoresNothing(Attack attack) {
        Snapshot before = snapshot();
        String authorization = attack.authorization().apply(uniqueSubject("mallory"));

        Http.Response response = createWith(authorization);

        assertThat(response.status()).as(response.toString()).isEqualTo(attack.status());
        assertThat(response.code()).isEqualTo(attack.code());
        assertThat(response.text()).doesNotContain("eyJ").doesNotContainIgnoringCase("exception");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void acceptsTokenExpiredWithinTheClockSkew() {
        String token = ForgedTokens.genuine("skewed", c -> c.issueTime(Date.from(Instant.now().minusSeconds(300)))
                        .notBeforeTime(Date.from(Instant.now().minusSeconds(300)))
                        .expirationTime(Date.from(Instant.now().minusSeconds(20))));
        assertThat(createWith(bearer(token)).status()).isEqualTo(201);
    }

    @Test
    void acceptsCognitoStyleTokenWithAnAcceptedClientIdAndNoAudience() {
        String token = ForgedTokens.genuine("cognito-user",
                c -> c.audience((String) null).claim("client_id", COGNITO_CLIENT));
        assertThat(createWith(bearer(token)).status()).isEqualTo(201);
    }

    @Test
    void neverAcceptsATokenInTheQueryString() {
        String token = tokenFor("query-user");
        Http.Response r = api.get("/v1/assets?access_token=" + token, null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("UNAUTHENTICATED");
    }

    private Http.Response createWith(String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + "/v1/uploads"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Http.JSON.writeValueAsString(
                        declaration("a.jpg", "image/jpeg", PHOTO))));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return Http.send(b.build());
    }

    private static Attack refused(String name, Function<String, String> authorization) {
        return new Attack(name, authorization, 401, "UNAUTHENTICATED");
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private static String b64(String s) {
        return Base64URL.encode(s).toString();
    }

}
