package io.assetgate.serverless.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.TestFiles;
import io.assetgate.serverless.contract.Deployment.Caller;
import io.assetgate.serverless.contract.Deployment.Reply;
import tools.jackson.databind.JsonNode;

/**
 * The cases both deployments must answer alike, from docs/api.md: the server over HTTP
 * ({@link ServerContractTest}) and the Lambda handlers in-process ({@link HandlersContractTest})
 * run every one of them, so the two stay equal.
 */
public abstract class UploadApiContract {

    public static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    protected abstract Deployment deployment();

    protected static Caller owner(String scopes) {
        return new Caller("user-" + UUID.randomUUID(), scopes);
    }

    protected static Caller writer() {
        return owner("assets:read assets:write");
    }

    public static byte[] declaration(String filename, String contentType, long size, String checksum) {
        String json = "{\"filename\": \"" + filename + "\", \"contentType\": \"" + contentType + "\", \"size\": " + size
                + (checksum == null ? "" : ", \"checksum\": \"" + checksum + "\"") + "}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** Creates an upload of {@code bytes} as a JPEG, PUTs it to the signed target, and tells the deployment. */
    protected JsonNode createAndPut(Caller caller, byte[] bytes) {
        return createAndPut(deployment(), caller, bytes, true);
    }

    /** As {@link #createAndPut(Caller, byte[])}, on {@code deployment}, declaring the checksum or not. */
    public static JsonNode createAndPut(Deployment deployment, Caller caller, byte[] bytes, boolean withChecksum) {
        Reply created = deployment.call("POST", "/v1/uploads", caller, JSON,
                declaration("IMG_0001.jpg", "image/jpeg", bytes.length, withChecksum ? TestFiles.sha256(bytes) : null));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        JsonNode target = created.json().path("target");
        Map<String, String> headers = new java.util.HashMap<>();
        target.path("headers").properties().forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
        Http.Response put = Http.put(target.path("url").asText(), headers, bytes);
        assertThat(put.status()).as("PUT to the signed URL: %s", put).isEqualTo(200);
        deployment.objectStored(target.path("url").asText(), bytes.length, put.header("ETag"));
        return created.json();
    }

    @Test
    void anUploadGoesFromCreateThroughTheSignedPutToCompleteListAndDelete() {
        Caller alice = writer();
        byte[] photo = TestFiles.jpeg(64, 48);
        JsonNode created = createAndPut(alice, photo);
        assertThat(created.path("state").asText()).isEqualTo("PENDING");
        assertThat(created.path("mode").asText()).isEqualTo("SINGLE");
        assertThat(created.path("expiresAt").asText()).isNotBlank();
        assertThat(created.path("target").path("method").asText()).isEqualTo("PUT");
        String uploadId = created.path("uploadId").asText();
        String assetId = created.path("assetId").asText();

        Reply completed = deployment().call("POST", "/v1/uploads/" + uploadId + "/complete", alice, Map.of(), null);
        assertThat(completed.status()).as("%s", completed).isEqualTo(200);
        assertThat(completed.json().path("id").asText()).isEqualTo(assetId);
        assertThat(completed.json().path("state").asText()).isIn("AVAILABLE", "READY");
        assertThat(completed.json().path("size").asLong()).isEqualTo(photo.length);
        assertThat(completed.json().path("checksum").asText()).isEqualTo(TestFiles.sha256(photo));

        Reply upload = deployment().call("GET", "/v1/uploads/" + uploadId, alice, Map.of(), null);
        assertThat(upload.json().path("state").asText()).isEqualTo("COMPLETED");

        Reply list = deployment().call("GET", "/v1/assets?limit=10", alice, Map.of(), null);
        assertThat(list.status()).as("%s", list).isEqualTo(200);
        assertThat(list.json().path("items").valueStream().map(i -> i.path("id").asText())).containsExactly(assetId);

        Reply deleted = deployment().call("DELETE", "/v1/assets/" + assetId, alice, Map.of(), null);
        assertThat(deleted.status()).as("%s", deleted).isEqualTo(204);
        assertProblem(deployment().call("GET", "/v1/assets/" + assetId, alice, Map.of(), null), 404, "NOT_FOUND");
        assertThat(deployment().call("GET", "/v1/assets", alice, Map.of(), null).json().path("items")).isEmpty();
    }

    @Test
    void aCompleteWhoseChecksumDiffersFromTheStoredObjectFailsTheUpload() {
        Caller alice = writer();
        JsonNode created = createAndPut(deployment(), alice, TestFiles.jpeg(64, 48), false);
        String uploadId = created.path("uploadId").asText();
        Reply refused = deployment().call("POST", "/v1/uploads/" + uploadId + "/complete", alice, JSON,
                completeWithChecksum(TestFiles.sha256(TestFiles.jpeg(48, 64))));
        assertIntegrityMismatch(refused);
        Reply upload = deployment().call("GET", "/v1/uploads/" + uploadId, alice, Map.of(), null);
        assertThat(upload.json().path("state").asText()).isEqualTo("FAILED");
    }

    /** A complete's body naming the checksum of the whole file. */
    public static byte[] completeWithChecksum(String checksum) {
        return ("{\"checksum\": \"" + checksum + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** How both deployments answer a complete whose object does not match: 422, not an error of their own. */
    public static void assertIntegrityMismatch(Reply reply) {
        assertProblem(reply, 422, "INTEGRITY_MISMATCH");
        assertThat(reply.json().path("detail").asText()).startsWith("Integrity check failed: ");
    }

    @Test
    void aCallWithoutATokenIsUnauthenticated() {
        assertProblem(deployment().call("POST", "/v1/uploads", null, JSON,
                declaration("a.jpg", "image/jpeg", 10, null)), 401, "UNAUTHENTICATED");
        assertProblem(deployment().call("GET", "/v1/assets", null, Map.of(), null), 401, "UNAUTHENTICATED");
    }

    @Test
    void aCallWithoutTheScopeItNeedsIsForbidden() {
        Reply readerCreates = deployment().call("POST", "/v1/uploads", owner("assets:read"), JSON,
                declaration("a.jpg", "image/jpeg", 10, null));
        assertProblem(readerCreates, 403, "FORBIDDEN");
        assertProblem(deployment().call("GET", "/v1/assets", owner("assets:write"), Map.of(), null), 403, "FORBIDDEN");
        assertProblem(deployment().call("DELETE", "/v1/assets/" + UUID.randomUUID(), owner("assets:read"), Map.of(),
                null), 403, "FORBIDDEN");
    }

    @Test
    void anotherOwnersIdsAreNotFound() {
        Caller alice = writer();
        Caller mallory = writer();
        JsonNode created = createAndPut(alice, TestFiles.jpeg(32, 32));
        String uploadId = created.path("uploadId").asText();
        String assetId = created.path("assetId").asText();
        assertProblem(deployment().call("GET", "/v1/uploads/" + uploadId, mallory, Map.of(), null), 404, "NOT_FOUND");
        assertProblem(deployment().call("POST", "/v1/uploads/" + uploadId + "/complete", mallory, Map.of(), null),
                404, "NOT_FOUND");
        assertProblem(deployment().call("DELETE", "/v1/uploads/" + uploadId, mallory, Map.of(), null), 404,
                "NOT_FOUND");
        assertProblem(deployment().call("GET", "/v1/assets/" + assetId, mallory, Map.of(), null), 404, "NOT_FOUND");
        assertProblem(deployment().call("DELETE", "/v1/assets/" + assetId, mallory, Map.of(), null), 404,
                "NOT_FOUND");
        // and the owner still has it
        Reply mine = deployment().call("GET", "/v1/uploads/" + uploadId, alice, Map.of(), null);
        assertThat(mine.status()).as("%s", mine).isEqualTo(200);
    }

    @Test
    void aDeclarationOverTheSizeLimitIsTooLarge() {
        long overLimit = 10L * 1024 * 1024 + 1;
        assertProblem(deployment().call("POST", "/v1/uploads", writer(), JSON,
                declaration("big.jpg", "image/jpeg", overLimit, null)), 413, "UPLOAD_TOO_LARGE");
    }

    @Test
    void aTypeOutsideTheAllowedListIsRefused() {
        assertProblem(deployment().call("POST", "/v1/uploads", writer(), JSON,
                declaration("setup.exe", "application/x-msdownload", 1000, null)), 415, "CONTENT_TYPE_NOT_ALLOWED");
    }

    @Test
    void aDeclarationWithMissingFieldsNamesEachOfThem() {
        Reply reply = deployment().call("POST", "/v1/uploads", writer(), JSON,
                "{\"contentType\": \"image/jpeg\", \"size\": 0}".getBytes(StandardCharsets.UTF_8));
        assertProblem(reply, 400, "VALIDATION_FAILED");
        assertThat(reply.json().path("errors").valueStream().map(e -> e.path("field").asText()))
                .containsExactlyInAnyOrder("filename", "size");
    }

    @Test
    void aBodyThatIsNotJsonIsAValidationFailure() {
        Reply reply = deployment().call("POST", "/v1/uploads", writer(), JSON,
                "{not json".getBytes(StandardCharsets.UTF_8));
        assertProblem(reply, 400, "VALIDATION_FAILED");
        assertThat(reply.json().path("errors").get(0).path("field").asText()).isEqualTo("body");
    }

    @Test
    void anUnknownRouteIsNotFound() {
        assertProblem(deployment().call("GET", "/v1/assets/" + UUID.randomUUID() + "/nothing", writer(), Map.of(),
                null), 404, "NOT_FOUND");
    }

    /** A problem document as docs/api.md describes it, the same fields from both deployments. */
    public static void assertProblem(Reply reply, int status, String code) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.header("X-Request-Id")).isNotBlank();
        JsonNode problem = reply.json();
        assertThat(problem.path("code").asText()).isEqualTo(code);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asText())
                .isEqualTo("https://assetgate.io/problems/" + code.toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
        if (status == 401 || status == 403) {
            // written by the security layer before any route ran: no instance, as the server writes them
            assertThat(problem.has("instance")).as("instance in %s", reply).isFalse();
        } else {
            assertThat(problem.path("instance").asText()).startsWith("/v1/");
        }
    }
}
