package io.assetgate.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.SecuredServerTest;
import io.assetgate.server.support.TestFiles;
import tools.jackson.databind.JsonNode;

/** CORS allowlist, security headers, HSTS behind TLS, attachment downloads and header limits. */
class HttpHygieneTest extends SecuredServerTest {

    private static final String EVIL = "https://evil.example";

    @Test
    void allowsPreflightFromAnAllowedOriginOnly() {
        Http.Response ok = preflight("/v1/uploads", APP_ORIGIN, "POST", "authorization,content-type,idempotency-key");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("Access-Control-Allow-Origin")).isEqualTo(APP_ORIGIN);
        assertThat(ok.header("Access-Control-Allow-Headers")).containsIgnoringCase("authorization");

        Http.Response evil = preflight("/v1/uploads", EVIL, "POST", "authorization");
        assertThat(evil.status()).isEqualTo(403);
        assertThat(evil.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void refusesActualCrossOriginCallsFromOtherOrigins() {
        Http.Response r = Http.send(HttpRequest.newBuilder(URI.create(api.base() + "/v1/assets"))
                .header("Origin", EVIL).header("Authorization", "Bearer " + tokenFor("cors")).GET().build());
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void letsTheAllowedOriginPutToTheLocalStoreWithSignedHeadersAndReadTheEtag() {
        byte[] photo = TestFiles.jpeg(50, 50);
        JsonNode upload = create(tokenFor(uniqueSubject("browser")), "b.jpg", "image/jpeg", photo);
        String url = upload.get("target").get("url").asString();
        String path = url.substring(url.indexOf("/store/"), url.indexOf('?'));

        Http.Response pre = preflight(path, APP_ORIGIN, "PUT", "content-type,x-checksum-sha256");
        assertThat(pre.status()).isEqualTo(200);
        assertThat(pre.header("Access-Control-Allow-Methods")).contains("PUT");

        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(url)).header("Origin", APP_ORIGIN);
        upload.get("target").get("headers").properties().forEach(e -> put.header(e.getKey(), e.getValue().asString()));
        Http.Response stored = Http.send(put.PUT(HttpRequest.BodyPublishers.ofByteArray(photo)).build());
        assertThat(stored.status()).isEqualTo(200);
        assertThat(stored.header("Access-Control-Allow-Origin")).isEqualTo(APP_ORIGIN);
        assertThat(stored.header("Access-Control-Expose-Headers")).contains("ETag");
        assertThat(stored.header("ETag")).isNotBlank();
    }

    static Stream<String> paths() {
        return Stream.of("/v1/assets", "/v1/uploads/nope", "/actuator/health", "/nothing-here", "/store/assets/x/y");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void setsSecurityHeadersOnEveryResponse(String path) {
        Http.Response r = api.get(path, path.startsWith("/v1/assets") ? tokenFor("headers") : null);
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(r.header("Content-Security-Policy")).contains("default-src 'none'").contains("sandbox");
        assertThat(r.header("X-Request-Id")).isNotBlank();
        assertThat(r.header("Strict-Transport-Security")).as("no HSTS over plain HTTP").isNull();
    }

    @Test
    void sendsHstsWhenTheRequestArrivedOverTlsThroughATrustedProxy() {
        Http.Response r = Http.send(HttpRequest.newBuilder(URI.create(api.base() + "/actuator/health"))
                .header("X-Forwarded-Proto", "https").GET().build());
        assertThat(r.header("Strict-Transport-Security")).contains("max-age=31536000").contains("includeSubDomains");
    }

    @Test
    void servesDownloadsAsSandboxedAttachmentsWithAnEncodedFilename() {
        String token = tokenFor(uniqueSubject("dl"));
        JsonNode asset = upload(token, "r\u00e9sum\u00e9 \"quoted\".jpg", "image/jpeg", TestFiles.jpeg(30, 30));
        Http.Response download = Http.fetch(asset.get("url").asString());
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.header("Content-Disposition")).startsWith("attachment;").contains("filename*=UTF-8''");
        assertThat(download.header("Content-Security-Policy")).contains("sandbox");
        assertThat(download.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void refusesOversizedHeaders() {
        Http.Response r = Http.send(HttpRequest.newBuilder(URI.create(api.base() + "/v1/assets"))
                .timeout(Duration.ofSeconds(10)).header("X-Padding", "a".repeat(20_000)).GET().build());
        assertThat(r.status()).isEqualTo(400);
    }

    private Http.Response preflight(String path, String origin, String method, String headers) {
        return Http.send(HttpRequest.newBuilder(URI.create(api.base() + path))
                .header("Origin", origin)
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", headers)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
    }

    /** Paths the security firewall rejects before any controller sees them. */
    static Stream<String> rejectedPaths() {
        return Stream.of("/v1/assets;jsessionid=x", "/v1/assets/%2e%2e/admin", "/v1/assets/a%2Fb", "/v1/%0aassets",
                "/v1/assets//x");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedPaths")
    void firewallRejectionsAreProblemJsonLikeEveryOtherError(String path) {
        Http.Response r = api.get(path, tokenFor("firewall"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(r.text()).doesNotContain("timestamp").doesNotContain("Exception");
    }

    @Test
    void theErrorPageAskedForDirectlyIsANotFoundAndNoFailure() {
        Http.Response r = api.get("/error", null);

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.code()).isEqualTo("NOT_FOUND");
    }
}
