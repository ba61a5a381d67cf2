package io.assetgate.server.security.idp;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.assetgate.server.support.TestFiles;
import tools.jackson.databind.JsonNode;

/**
 * The embedded identity provider, on when no external issuer is set: every grant it offers
 * yields tokens the API accepts, and a user's token never carries scopes the user lacks.
 */
class EmbeddedIdpTest extends ServerTest {

    @DynamicPropertySource
    static void embeddedIdp(DynamicPropertyRegistry registry) {
        useEmbeddedIdp(registry);
        registry.add("assetgate.idp.users[0].username", () -> "nina");
        registry.add("assetgate.idp.users[0].password", () -> "correct horse");
        registry.add("assetgate.idp.users[0].scopes", () -> "assets:read,assets:write");
        registry.add("assetgate.idp.users[1].username", () -> "reader");
        registry.add("assetgate.idp.users[1].password", () -> "read only");
        registry.add("assetgate.idp.users[1].scopes", () -> "assets:read");
        registry.add("assetgate.idp.clients[0].client-id", () -> "batch-importer");
        registry.add("assetgate.idp.clients[0].client-secret", () -> "s3cret-s3cret");
    }

    @Test
    void clientCredentialsTokenIsAcceptedByTheApi() throws Exception {
        Browser service = new Browser(api.base());
        JsonNode tokens = json(service.post("/oauth2/token", Map.of("grant_type", "client_credentials",
                "client_id", "batch-importer", "client_secret", "s3cret-s3cret",
                "scope", "assets:read assets:write")));
        String token = tokens.get("access_token").asString();

        assertThat(claims(token).get("aud").toString()).contains("assetgate");
        assertThat(claims(token).get("sub").asString()).isEqualTo("batch-importer");
        assertThat(upload(token, "svc.jpg", "image/jpeg", TestFiles.jpeg(20, 20)).get("state").asString())
                .isEqualTo("AVAILABLE");
    }

    @Test
    void wrongClientSecretGetsNoToken() throws Exception {
        HttpResponse<String> response = new Browser(api.base()).post("/oauth2/token", Map.of(
                "grant_type", "client_credentials", "client_id", "batch-importer", "client_secret", "guess"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).doesNotContain("access_token");
    }

    @Test
    void deviceFlowSignsInAUserWhoseTokenAndRefreshTokenWork() throws Exception {
        Browser cli = new Browser(api.base());
        JsonNode device = json(cli.post("/oauth2/device_authorization",
                Map.of("client_id", "assetgate-cli", "scope", "assets:read assets:write")));
        assertThat(device.get("verification_uri").asString()).endsWith("/oauth2/device_verification");

        Browser person = new Browser(api.base());
        person.signIn("nina", "correct horse");
        HttpResponse<String> consent = person.get(device.get("verification_uri_complete").asString());
        assertThat(consent.body()).contains(device.get("user_code").asString());
        HttpResponse<String> approved = person.follow(person.submitForm(consent.body()));
        assertThat(approved.statusCode()).isLessThan(400);

        JsonNode tokens = json(cli.post("/oauth2/token", Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:device_code",
                "device_code", device.get("device_code").asString(), "client_id", "assetgate-cli")));
        String access = tokens.get("access_token").asString();
        assertThat(claims(access).get("sub").asString()).isEqualTo("nina");
        assertThat(api.get("/v1/assets", access).status()).isEqualTo(200);

        JsonNode refreshed = json(cli.post("/oauth2/token", Map.of("grant_type", "refresh_token",
                "refresh_token", tokens.get("refresh_token").asString(), "client_id", "assetgate-cli")));
        assertThat(api.get("/v1/assets", refreshed.get("access_token").asString()).status()).isEqualTo(200);
    }

    @Test
    void authorizationCodeWithPkceSignsInABrowserUserWithOnlyTheirScopes() throws Exception {
        Browser browser = new Browser(api.base());
        browser.signIn("reader", "read only");
        String verifier = "a-long-random-verifier-of-at-least-forty-three-characters-123456";
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String redirect = api.base() + "/app/";

        HttpResponse<String> authorize = browser.get("/oauth2/authorize?" + Browser.encode(Map.of(
                "response_type", "code", "client_id", "assetgate-web", "redirect_uri", redirect,
                "scope", "assets:read assets:write", "code_challenge", challenge,
                "code_challenge_method", "S256", "state", "xyz")));
        String location = authorize.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(redirect);
        String code = location.replaceAll(".*[?&]code=([^&]+).*", "$1");

        JsonNode tokens = json(browser.post("/oauth2/token", Map.of("grant_type", "authorization_code",
                "code", java.net.URLDecoder.decode(code, StandardCharsets.UTF_8), "redirect_uri", redirect,
                "client_id", "assetgate-web", "code_verifier", verifier)));
        String access = tokens.get("access_token").asString();

        assertThat(claims(access).get("scope").toString()).contains("assets:read").doesNotContain("assets:write");
        assertThat(api.get("/v1/assets", access).status()).isEqualTo(200);
        Http.Response write = api.post("/v1/uploads", access, declaration("x.jpg", "image/jpeg", TestFiles.jpeg(8, 8)));
        assertThat(write.code()).isEqualTo("FORBIDDEN");
    }

    @Test
    void publishesOidcDiscovery() {
        JsonNode discovery = api.get("/.well-known/openid-configuration", null).json();

        assertThat(discovery.get("issuer").asString()).isEqualTo(api.base());
        assertThat(discovery.get("device_authorization_endpoint").asString()).endsWith("/oauth2/device_authorization");
        assertThat(discovery.get("jwks_uri").asString()).isNotBlank();
    }

    private static JsonNode json(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError(response.statusCode() + " " + response.body());
        }
        return Http.JSON.readTree(response.body());
    }

    private static JsonNode claims(String jwt) {
        return Http.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }
}
