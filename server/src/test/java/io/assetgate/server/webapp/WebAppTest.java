package io.assetgate.server.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.ServerTest;
import io.assetgate.server.support.TestIdp;
import tools.jackson.databind.JsonNode;

/**
 * The web uploader's page and settings, with an external issuer: the page is public, runs
 * only its own scripts, and learns its client id, issuer and the upload policy from
 * {@code /app/config.json}.
 */
@TestPropertySource(properties = {
    "assetgate.web.client-id=uploader-spa",
    "assetgate.upload.allowed-types=image/jpeg,image/png",
    "assetgate.upload.max-size=30MB",
    "assetgate.upload.multipart-threshold=8MB",
    "assetgate.upload.part-size=5MB",
})
class WebAppTest extends ServerTest {

    @Test
    void servesThePageAtAppWithoutATokenAndWithAStrictScriptPolicy() {
        Http.Response page = api.get("/app/", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.text()).contains("<main id=\"app\">");
        String csp = page.header("Content-Security-Policy");
        assertThat(csp).contains("script-src 'self';").contains("frame-ancestors 'none'")
                .contains("connect-src 'self' " + api.base())
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval").doesNotContain("sandbox");
        assertThat(page.header("Cache-Control")).contains("no-cache");
    }

    @Test
    void appWithoutSlashRedirectsToThePage() {
        Http.Response bare = api.get("/app", null);
        assertThat(bare.status()).isEqualTo(302);
        assertThat(bare.header("Location")).endsWith("/app/");
    }

    @Test
    void missingFilesUnderAppAre404AndTheRestOfTheServerStaysClosed() {
        assertThat(api.get("/app/nope.js", null).status()).isEqualTo(404);
        assertThat(api.get("/index.html", null).status()).isIn(401, 403, 404);
    }

    @Test
    void settingsNameTheConfiguredClientTheExternalIssuerAndThePolicy() {
        Http.Response response = api.get("/app/config.json", null);
        assertThat(response.status()).isEqualTo(200);
        JsonNode config = response.json();
        assertThat(config.get("clientId").asString()).isEqualTo("uploader-spa");
        assertThat(config.get("issuer").asString()).isEqualTo(TestIdp.issuerUrl());
        assertThat(config.get("scopes").toString()).contains("assets:write");
        JsonNode policy = config.get("upload");
        assertThat(policy.get("allowedTypes").toString()).isEqualTo("[\"image/jpeg\",\"image/png\"]");
        assertThat(policy.get("maxSize").asLong()).isEqualTo(30L * 1024 * 1024);
        assertThat(policy.get("multipartThreshold").asLong()).isEqualTo(8L * 1024 * 1024);
        assertThat(policy.get("partSize").asLong()).isEqualTo(5L * 1024 * 1024);
    }
}
