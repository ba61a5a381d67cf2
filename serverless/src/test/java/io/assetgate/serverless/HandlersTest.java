package io.assetgate.serverless;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.TestFiles;
import io.assetgate.serverless.contract.Deployment.Caller;
import io.assetgate.serverless.contract.Deployment.Reply;
import io.assetgate.serverless.contract.HandlersDeployment;
import io.assetgate.serverless.contract.TestStack;
import tools.jackson.databind.JsonNode;

/**
 * What only the functions do: the proxied path within API Gateway's payload limit, and the
 * object function that verifies an upload from S3's event and runs its processing.
 */
class HandlersTest {

    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    private static final int PROXIED_LIMIT = 64 * 1024;

    private static HandlersDeployment handlers;

    @BeforeAll
    static void start() {
        handlers = HandlersDeployment.start(TestStack.create(),
                Map.of("assetgate.serverless.proxied-max-size", PROXIED_LIMIT + "B",
                        "assetgate.processing.polling-interval", "200ms"));
    }

    private static Caller writer() {
        return new Caller("user-" + java.util.UUID.randomUUID(), "assets:read assets:write");
    }

    private static JsonNode create(Caller caller, byte[] bytes, boolean withChecksum) {
        String json = "{\"filename\": \"IMG_0002.jpg\", \"contentType\": \"image/jpeg\", \"size\": " + bytes.length
                + (withChecksum ? ", \"checksum\": \"" + TestFiles.sha256(bytes) + "\"" : "") + "}";
        Reply created = handlers.call("POST", "/v1/uploads", caller, JSON, json.getBytes(StandardCharsets.UTF_8));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        return created.json();
    }

    @Test
    void aSmallFileGoesThroughTheProxiedPathAndIsCompleted() {
        Caller alice = writer();
        byte[] photo = TestFiles.jpeg(40, 30);
        assertThat(photo.length).isLessThan(PROXIED_LIMIT);
        JsonNode created = create(alice, photo, true);
        Reply stored = handlers.call("PUT", "/v1/uploads/" + created.path("uploadId").asText() + "/content", alice,
                Map.of("Content-Type", "image/jpeg"), photo);
        assertThat(stored.status()).as("%s", stored).isEqualTo(200);
        assertThat(stored.json().path("id").asText()).isEqualTo(created.path("assetId").asText());
        assertThat(stored.json().path("state").asText()).isIn("AVAILABLE", "READY");
    }

    @Test
    void aFileOverThePayloadLimitIsSentToTheSignedPath() {
        Caller alice = writer();
        byte[] big = TestFiles.random(PROXIED_LIMIT + 1);
        JsonNode created = create(alice, big, false);
        Reply refused = handlers.call("PUT", "/v1/uploads/" + created.path("uploadId").asText() + "/content", alice,
                Map.of("Content-Type", "image/jpeg"), big);
        assertThat(refused.status()).as("%s", refused).isEqualTo(413);
        assertThat(refused.code()).isEqualTo("UPLOAD_TOO_LARGE");
        assertThat(refused.json().path("detail").asText()).contains("signed target");
        Reply upload = handlers.call("GET", "/v1/uploads/" + created.path("uploadId").asText(), alice, Map.of(), null);
        assertThat(upload.json().path("state").asText()).as("still pending, for the signed PUT").isEqualTo("PENDING");
    }

    @Test
    void theObjectEventVerifiesTheUploadAndRunsItsProcessing() {
        Caller alice = writer();
        byte[] photo = TestFiles.jpeg(640, 480);
        JsonNode created = create(alice, photo, true);
        Http.Response put = put(created, photo);
        handlers.objectStored(created.path("target").path("url").asText(), photo.length, put.header("ETag"));

        // No complete: the event completed it, and the processing ran in the same invocation.
        String assetId = created.path("assetId").asText();
        Reply asset = handlers.call("GET", "/v1/assets/" + assetId, alice, Map.of(), null);
        assertThat(asset.json().path("state").asText()).as("%s", asset).isEqualTo("READY");
        assertThat(asset.json().path("variants").path("thumbnail").path("url").asText()).startsWith("http");
        assertThat(asset.json().path("metadata").path("width").asInt()).isEqualTo(640);
        Reply upload = handlers.call("GET", "/v1/uploads/" + created.path("uploadId").asText(), alice, Map.of(), null);
        assertThat(upload.json().path("state").asText()).isEqualTo("COMPLETED");
        // and the client's own complete answers the same asset
        Reply completed = handlers.call("POST", "/v1/uploads/" + created.path("uploadId").asText() + "/complete",
                alice, Map.of(), null);
        assertThat(completed.status()).isEqualTo(200);
        assertThat(completed.json().path("id").asText()).isEqualTo(assetId);
    }

    @Test
    void theEventsOfVariantObjectsAreIgnored() {
        Caller alice = writer();
        byte[] photo = TestFiles.jpeg(320, 240);
        JsonNode created = create(alice, photo, true);
        put(created, photo);
        String key = handlers.keyOf(created.path("target").path("url").asText());
        // S3 URL-encodes keys in events: '~' stays as it is, '/' too.
        String outcome = handlers.objectCreated(key + "~thumbnail", 1234);
        assertThat(outcome).isEqualTo(key + "~thumbnail ignored (a variant)");
        Reply upload = handlers.call("GET", "/v1/uploads/" + created.path("uploadId").asText(), alice, Map.of(), null);
        assertThat(upload.json().path("state").asText()).as("the original's upload is not touched").isEqualTo("PENDING");
        // the original's own event still settles it
        assertThat(handlers.objectCreated(key, photo.length)).startsWith(key + " COMPLETED");
    }

    @Test
    void anObjectThatIsNotWhatWasDeclaredFailsItsUpload() {
        Caller alice = writer();
        byte[] photo = TestFiles.jpeg(64, 64);
        byte[] html = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);
        byte[] disguised = new byte[photo.length];
        System.arraycopy(html, 0, disguised, 0, html.length);
        // declared as the photo's size and type, with the disguised bytes' own checksum
        String json = "{\"filename\": \"x.jpg\", \"contentType\": \"image/jpeg\", \"size\": " + disguised.length
                + ", \"checksum\": \"" + TestFiles.sha256(disguised) + "\"}";
        Reply created = handlers.call("POST", "/v1/uploads", alice, JSON, json.getBytes(StandardCharsets.UTF_8));
        Http.Response put = put(created.json(), disguised);
        handlers.objectStored(created.json().path("target").path("url").asText(), disguised.length, put.header("ETag"));
        Reply upload = handlers.call("GET", "/v1/uploads/" + created.json().path("uploadId").asText(), alice, Map.of(),
                null);
        assertThat(upload.json().path("state").asText()).as("%s", upload).isEqualTo("FAILED");
        assertThat(upload.json().path("stateReason").asText()).contains("not image/jpeg");
    }

    @Test
    void aRouteWithoutTheAuthorizerIsRefusedNotTrusted() {
        Reply reply = handlers.call("GET", "/v1/assets", null, Map.of("Authorization", "Bearer forged"), null);
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.code()).isEqualTo("UNAUTHENTICATED");
    }

    private static Http.Response put(JsonNode created, byte[] bytes) {
        Map<String, String> headers = new java.util.HashMap<>();
        created.path("target").path("headers").properties().forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
        Http.Response put = Http.put(created.path("target").path("url").asText(), headers, bytes);
        assertThat(put.status()).as("%s", put).isEqualTo(200);
        return put;
    }
}
