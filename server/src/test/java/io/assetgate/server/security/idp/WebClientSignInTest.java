package io.assetgate.server.security.idp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.ServerTest;
import tools.jackson.databind.JsonNode;

/**
 * The web uploader signs in with the embedded provider out of the box: the browser client
 * returns to {@code /app/}, and a page on an allowed origin may read discovery and keys and
 * redeem its code, while any other origin is refused.
 */
class WebClientSignInTest extends ServerTest {

    private static final String APP_ORIGIN = "https://uploader.example.com";
    private static final String STRANGER = "https://evil.example";

    @DynamicPropertySource
    static void embeddedIdp(DynamicPropertyRegistry registry) {
        useEmbeddedIdp(registry);
        registry.add("assetgate.idp.users[0].username", () -> "web");
        registry.add("assetgate.idp.users[0].password", () -> "web password");
        registry.add("assetgate.cors.allowed-origins", () -> APP_ORIGIN);
    }

    @Test
    void browserClientReturnsToTheWebUploaderAndItsCodeIsRedeemedFromAnAllowedOrigin() throws Exception {
        Browser browser = new Browser(api.base());
        browser.signIn("web", "web password");
        String verifier = "verifier-of-the-web-uploader-at-least-forty-three-characters-long";
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String redirect = api.base() + "/app/";

        HttpResponse<String> authorize = browser.get("/oauth2/authorize?" + Browser.encode(Map.of(
                "response_type", "code", "client_id", "assetgate-web", "redirect_uri", redirect,
                "scope", "openid assets:read assets:write", "code_challenge", challenge,
                "code_challenge_method", "S256", "state", "s1")));
        String location = authorize.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(redirect + "?code=");
        String code = URLDecoder.decode(location.replaceAll(".*[?&]code=([^&]+).*", "$1"), StandardCharsets.UTF_8);

        Http.Response tokens = Http.send(HttpRequest.newBuilder(URI.create(api.base() + "/oauth2/token"))
                .header("Origin", APP_ORIGIN)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Browser.encode(Map.of("grant_type", "authorization_code",
                        "code", code, "redirect_uri", redirect, "client_id", "assetgate-web",
                        "code_verifier", verifier))))
                .build());
        assertThat(tokens.status()).as(tokens.text()).isEqualTo(200);
        assertThat(tokens.header("Access-Control-Allow-Origin")).isEqualTo(APP_ORIGIN);
        assertThat(api.get("/v1/assets", tokens.json().get("access_token").asString()).status()).isEqualTo(200);
    }

    @Test
    void anotherRedirectIsRefused() throws Exception {
        Browser browser = new Browser(api.base());
        browser.signIn("web", "web password");
        HttpResponse<String> authorize = browser.get("/oauth2/authorize?" + Browser.encode(Map.of(
                "response_type", "code", "client_id", "assetgate-web", "redirect_uri", api.base() + "/callback",
                "scope", "assets:read", "code_challenge", "x".repeat(43), "code_challenge_method", "S256")));
        assertThat(authorize.statusCode()).isEqualTo(400);
    }

    @Test
    void tokenEndpointAnswersPreflightFromTheAllowedOriginOnly() {
        Http.Response allowed = preflight("/oauth2/token", APP_ORIGIN, "POST");
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo(APP_ORIGIN);

        Http.Response stranger = preflight("/oauth2/token", STRANGER, "POST");
        assertThat(stranger.status()).isEqualTo(403);
        assertThat(stranger.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void discoveryKeysAndPageSettingsAreReadableFromTheAllowedOriginOnly() {
        for (String path : new String[] {"/.well-known/openid-configuration", "/oauth2/jwks", "/app/config.json"}) {
            Http.Response allowed = getFrom(path, APP_ORIGIN);
            assertThat(allowed.status()).as(path).isEqualTo(200);
            assertThat(allowed.header("Access-Control-Allow-Origin")).as(path).isEqualTo(APP_ORIGIN);

            Http.Response stranger = getFrom(path, STRANGER);
            assertThat(stranger.status()).as(path).isEqualTo(403);
            assertThat(stranger.header("Access-Control-Allow-Origin")).as(path).isNull();
        }
    }

    @Test
    void pageSettingsNameThisServerAsIssuerAndTheBrowserClient() {
        JsonNode config = api.get("/app/config.json", null).json();
        assertThat(config.get("issuer").asString()).isEqualTo(api.base());
        assertThat(config.get("server").asString()).isEqualTo(api.base());
        assertThat(config.get("clientId").asString()).isEqualTo("assetgate-web");
    }

    private Http.Response preflight(String path, String origin, String method) {
        return Http.send(HttpRequest.newBuilder(URI.create(api.base() + path))
                .header("Origin", origin)
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
    }

    private Http.Response getFrom(String path, String origin) {
        return Http.send(HttpRequest.newBuilder(URI.create(api.base() + path)).header("Origin", origin).GET().build());
    }
}
