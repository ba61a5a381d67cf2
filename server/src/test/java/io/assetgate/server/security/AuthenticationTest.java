package io.assetgate.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.ServerTest;
import io.assetgate.server.support.TestFiles;
import io.assetgate.server.support.TestIdp;

/** Tokens that must be refused, and scopes that must be held, each over real HTTP. */
class AuthenticationTest extends ServerTest {

    static Stream<Arguments> invalidTokens() {
        return Stream.of(
                Arguments.of("no token", null),
                Arguments.of("expired token", TestIdp.token(TestIdp.ISSUER, "alice", List.of(TestIdp.AUDIENCE),
                        Map.of("scope", READ_WRITE), -120)),
                Arguments.of("wrong audience", TestIdp.token(TestIdp.ISSUER, "alice", List.of("another-api"),
                        Map.of("scope", READ_WRITE), 3600)),
                Arguments.of("no audience", TestIdp.token(TestIdp.ISSUER, "alice", List.of(),
                        Map.of("scope", READ_WRITE), 3600)),
                Arguments.of("wrong issuer", TestIdp.token(TestIdp.OTHER_ISSUER, "alice", List.of(TestIdp.AUDIENCE),
                        Map.of("scope", READ_WRITE), 3600)),
                Arguments.of("not yet valid", TestIdp.token(TestIdp.ISSUER, "alice", List.of(TestIdp.AUDIENCE),
                        Map.of("scope", READ_WRITE, "nbf", System.currentTimeMillis() / 1000 + 3600), 7200)),
                Arguments.of("garbage", "not.a.jwt"),
                Arguments.of("tampered payload", tamper(TestIdp.token("alice", READ_WRITE))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidTokens")
    void refusesInvalidTokensWithUnauthenticated(String why, String token) {
        Http.Response response = api.post("/v1/uploads", token,
                declaration("a.jpg", "image/jpeg", TestFiles.jpeg(8, 8)));

        assertThat(response.status()).as(why).isEqualTo(401);
        assertThat(response.code()).isEqualTo("UNAUTHENTICATED");
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api.get("/v1/assets", token).status()).isEqualTo(401);
    }

    static Stream<Arguments> missingScopes() {
        return Stream.of(
                Arguments.of("create without write", "assets:read", "POST", "/v1/uploads"),
                Arguments.of("list without read", "assets:write", "GET", "/v1/assets"),
                Arguments.of("get without read", "assets:write", "GET", "/v1/assets/x"),
                Arguments.of("delete without write", "assets:read", "DELETE", "/v1/assets/x"),
                Arguments.of("complete without write", "assets:read", "POST", "/v1/uploads/x/complete"),
                Arguments.of("abort without write", "assets:read", "DELETE", "/v1/uploads/x"),
                Arguments.of("audit without admin", READ_WRITE, "GET", "/v1/audit"),
                Arguments.of("no scope at all", "openid", "GET", "/v1/assets"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("missingScopes")
    void refusesCallsWithoutTheirScopeWithForbidden(String why, String scopes, String method, String path) {
        String token = TestIdp.token("carol", scopes);
        Http.Response response = switch (method) {
            case "POST" -> api.post(path, token, declaration("a.jpg", "image/jpeg", TestFiles.jpeg(8, 8)));
            case "DELETE" -> api.delete(path, token);
            default -> api.get(path, token);
        };

        assertThat(response.status()).as(why).isEqualTo(403);
        assertThat(response.code()).isEqualTo("FORBIDDEN");
    }

    private static String tamper(String jwt) {
        String[] parts = jwt.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]))
                .replace("\"alice\"", "\"mallory\"");
        return parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes())
                + "." + parts[2];
    }
}
