package io.assetgate.serverless;

import static io.assetgate.serverless.contract.UploadApiContract.JSON;
import static io.assetgate.serverless.contract.UploadApiContract.assertIntegrityMismatch;
import static io.assetgate.serverless.contract.UploadApiContract.assertProblem;
import static io.assetgate.serverless.contract.UploadApiContract.completeWithChecksum;
import static io.assetgate.serverless.contract.UploadApiContract.declaration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;

import io.assetgate.server.storage.DeferredDeletions;
import io.assetgate.server.storage.ObjectStore;
import io.assetgate.server.storage.StorageMisconfiguredException;
import io.assetgate.server.support.Http;
import io.assetgate.server.support.S3ProxyServer;
import io.assetgate.server.support.TestFiles;
import io.assetgate.serverless.contract.Deployment.Caller;
import io.assetgate.serverless.contract.Deployment.Reply;
import io.assetgate.serverless.contract.HandlersDeployment;
import io.assetgate.serverless.contract.TestStack;
import io.assetgate.serverless.contract.UploadApiContract;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;

/**
 * The functions that may not delete (UploadApi, ProxiedUpload, ObjectCreated: no s3:DeleteObject,
 * no s3:AbortMultipartUpload in deploy/aws/lib/permissions.ts) run with
 * {@code assetgate.storage.deletes=deferred}, as the stack sets it, while S3 refuses their deletes
 * ({@link ForcedAccessDenied}: a FORCED fault, since S3Proxy has no IAM). They answer as the server
 * does and never call delete; then the reconciler function, which may delete (deletes immediate,
 * deletes allowed, and the default orphan grace of an hour, so its orphan pass removes none of
 * these), removes what they left. Both run on one stack (database and bucket), one after the other.
 */
class DeferredDeletesTest {

    private static TestStack stack;

    @BeforeAll
    static void createStack() {
        stack = TestStack.create();
    }

    @AfterEach
    void allowDeletes() {
        ForcedAccessDenied.allowDeletes();
    }

    @Test
    void aCompleteWhoseObjectMismatchesAnswersAsTheServerWhileS3RefusesDeletesForced() {
        HandlersDeployment functions = functionsThatMayNotDelete(Map.of());
        Caller alice = writer();
        // the signed path: the complete names a checksum the stored object does not have
        JsonNode signed = UploadApiContract.createAndPut(functions, alice, TestFiles.jpeg(64, 48), false);
        Reply refused = functions.call("POST", "/v1/uploads/" + signed.path("uploadId").asText() + "/complete", alice,
                JSON, completeWithChecksum(TestFiles.sha256(TestFiles.jpeg(48, 64))));
        assertIntegrityMismatch(refused);
        // the proxied path: the body is not the declared one
        byte[] photo = TestFiles.jpeg(40, 30);
        byte[] other = photo.clone();
        other[other.length - 3] ^= 0x55;
        JsonNode proxied = create(functions, alice, "image/jpeg", photo.length, TestFiles.sha256(photo));
        Reply put = functions.call("PUT", "/v1/uploads/" + proxied.path("uploadId").asText() + "/content", alice,
                Map.of("Content-Type", "image/jpeg"), other);
        assertIntegrityMismatch(put);

        assertThat(ForcedAccessDenied.refused()).as("deletes the functions tried").isZero();
        String signedKey = keyOf(signed);
        String proxiedKey = keyOf(proxied);
        assertThat(stored(signedKey)).isTrue();
        assertThat(stored(proxiedKey)).isTrue();
        // The refusal is in force: the adapter's own delete is refused, as AWS would refuse it.
        ObjectStore adapter = Core.context().getBean("s3ObjectStore", ObjectStore.class);
        assertThatThrownBy(() -> adapter.delete(signedKey)).isInstanceOf(StorageMisconfiguredException.class);

        HandlersDeployment reconciler = runReconciler(Map.of());
        assertThat(stored(signedKey)).as("the failed upload's object").isFalse();
        assertThat(stored(proxiedKey)).as("the failed proxied upload's object").isFalse();
        assertThat(stateOf(reconciler, alice, signed)).isEqualTo("FAILED");
        assertThat(stateOf(reconciler, alice, proxied)).isEqualTo("FAILED");
    }

    @Test
    void objectEventsThatFailOrQuarantineSucceedWhileS3RefusesDeletesForced() {
        HandlersDeployment functions = functionsThatMayNotDelete(Map.of("assetgate.processing.polling-interval",
                "200ms"));
        Caller alice = writer();
        // not even a JPEG's first bytes: fails its verification on arrival
        byte[] html = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.US_ASCII);
        JsonNode failing = create(functions, alice, "image/jpeg", html.length, TestFiles.sha256(html));
        putToTarget(failing, html);
        assertThat(functions.objectCreated(keyOf(failing), html.length)).contains("FAILED");
        // a JPEG's first bytes, then markup: verified and completed, then quarantined by its processing,
        // whose copy to quarantine/ is sent twice (the first attempt's connection drops: forced)
        byte[] disguised = htmlDisguisedAsJpeg();
        JsonNode quarantined = create(functions, alice, "image/jpeg", disguised.length, TestFiles.sha256(disguised));
        putToTarget(quarantined, disguised);
        DroppedConnection.onNextPutUnder("quarantine/");
        assertThat(functions.objectCreated(keyOf(quarantined), disguised.length)).contains("COMPLETED", "jobs done");
        assertThat(DroppedConnection.dropped()).isEqualTo(1);
        Reply asset = functions.call("GET", "/v1/assets/" + quarantined.path("assetId").asText(), alice, Map.of(), null);
        assertThat(asset.json().path("state").asText()).as("%s", asset).isEqualTo("QUARANTINED");

        assertThat(ForcedAccessDenied.refused()).as("deletes the functions tried").isZero();
        String originalKey = keyOf(quarantined);
        assertThat(stored(keyOf(failing))).isTrue();
        assertThat(stored(originalKey)).as("the quarantined original, until the reconciler runs").isTrue();
        assertThat(stored("quarantine/" + originalKey)).as("its quarantined copy").isTrue();

        HandlersDeployment reconciler = runReconciler(Map.of());
        assertThat(stored(keyOf(failing))).as("the failed upload's object").isFalse();
        assertThat(stored(originalKey)).as("the quarantined original").isFalse();
        assertThat(stored("quarantine/" + originalKey)).as("the quarantined copy stays").isTrue();
        Reply after = reconciler.call("GET", "/v1/assets/" + quarantined.path("assetId").asText(), alice, Map.of(),
                null);
        assertThat(after.json().path("state").asText()).isEqualTo("QUARANTINED");
    }

    @Test
    void multipartUploadsThatFailOrExpireLeaveTheirPartsToTheReconcilerWhileS3RefusesDeletesForced()
            throws InterruptedException {
        HandlersDeployment functions = functionsThatMayNotDelete(Map.of("assetgate.upload.multipart-threshold", "6MB",
                "assetgate.upload.part-size", "5MB", "assetgate.upload.multipart-ttl", "8s"));
        Caller alice = writer();
        int size = 6 * 1024 * 1024 + 1;
        byte[] file = TestFiles.random(size);
        // a part whose checksum at complete is not the stored part's
        JsonNode mismatching = create(functions, alice, "image/jpeg", size, null);
        assertThat(mismatching.path("mode").asText()).isEqualTo("MULTIPART");
        List<String> etags = putParts(functions, alice, mismatching, file, 2);
        String parts = "{\"parts\": [{\"partNumber\": 1, \"etag\": " + quoted(etags.get(0)) + ", \"checksum\": \""
                + TestFiles.md5(new byte[] {1}) + "\"}, {\"partNumber\": 2, \"etag\": " + quoted(etags.get(1)) + "}]}";
        Reply refused = functions.call("POST", "/v1/uploads/" + mismatching.path("uploadId").asText() + "/complete",
                alice, JSON, parts.getBytes(StandardCharsets.UTF_8));
        assertIntegrityMismatch(refused);
        // one part of two sent, and completed after the deadline: expired
        JsonNode expiring = create(functions, alice, "image/jpeg", size, null);
        List<String> sent = putParts(functions, alice, expiring, file, 1);
        Instant deadline = Instant.parse(expiring.path("expiresAt").asText());
        while (!Instant.now().isAfter(deadline.plusMillis(200))) {
            Thread.sleep(200);
        }
        String late = "{\"parts\": [{\"partNumber\": 1, \"etag\": " + quoted(sent.get(0))
                + "}, {\"partNumber\": 2, \"etag\": \"never-sent\"}]}";
        Reply expired = functions.call("POST", "/v1/uploads/" + expiring.path("uploadId").asText() + "/complete",
                alice, JSON, late.getBytes(StandardCharsets.UTF_8));
        assertProblem(expired, 410, "UPLOAD_EXPIRED");

        assertThat(ForcedAccessDenied.refused()).as("aborts the functions tried").isZero();
        assertThat(openMultiparts(keyOf(mismatching))).as("the failed upload's parts, still held").isEqualTo(1);
        assertThat(openMultiparts(keyOf(expiring))).as("the expired upload's part, still held").isEqualTo(1);

        HandlersDeployment reconciler = runReconciler(Map.of());
        assertThat(openMultiparts(keyOf(mismatching))).as("the failed upload's parts").isZero();
        assertThat(openMultiparts(keyOf(expiring))).as("the expired upload's part").isZero();
        assertThat(stateOf(reconciler, alice, mismatching)).isEqualTo("FAILED");
        assertThat(stateOf(reconciler, alice, expiring)).isEqualTo("EXPIRED");
    }

    @Test
    void aDeferredDeletionOfAnObjectARecordStillWantsIsNeverMade() {
        HandlersDeployment functions = functionsThatMayNotDelete(Map.of("assetgate.processing.polling-interval",
                "200ms"));
        Caller alice = writer();
        byte[] photo = TestFiles.jpeg(320, 240);
        JsonNode created = create(functions, alice, "image/jpeg", photo.length, TestFiles.sha256(photo));
        putToTarget(created, photo);
        assertThat(functions.objectCreated(keyOf(created), photo.length)).contains("COMPLETED");
        String key = keyOf(created);
        // as a function losing a race would: a delete of the READY asset's original, recorded
        Core.context().getBean(ObjectStore.class).delete(key);
        assertThat(pendingDeletionsOf(key)).isEqualTo(1);

        runReconciler(Map.of());
        assertThat(stored(key)).as("the asset's original").isTrue();
        assertThat(pendingDeletionsOf(key)).as("looked at again until the orphan grace has passed").isEqualTo(1);
        HandlersDeployment reconciler = runReconciler(Map.of("assetgate.reconciler.orphan-grace", "0s"));
        assertThat(pendingDeletionsOf(key)).as("dropped: the record that wants the object won").isZero();
        assertThat(stored(key)).as("the asset's original").isTrue();
        Reply asset = reconciler.call("GET", "/v1/assets/" + created.path("assetId").asText(), alice, Map.of(), null);
        assertThat(asset.json().path("state").asText()).isEqualTo("READY");
    }

    /** The functions of the stack that may not delete: deletes deferred, and S3 refusing them (forced). */
    private static HandlersDeployment functionsThatMayNotDelete(Map<String, Object> extra) {
        Map<String, Object> settings = new HashMap<>(extra);
        settings.put("assetgate.storage.deletes", "deferred");
        HandlersDeployment functions = HandlersDeployment.start(stack, settings);
        ForcedAccessDenied.refuseDeletes();
        return functions;
    }

    /** The scheduled function, which may delete (deletes immediate, as the stack leaves them), run once. */
    private static HandlersDeployment runReconciler(Map<String, Object> extra) {
        ForcedAccessDenied.allowDeletes();
        HandlersDeployment reconciler = HandlersDeployment.start(stack, extra);
        String report = new ReconcilerHandler().handleRequest(new ScheduledEvent(), null);
        assertThat(report).startsWith("Report[");
        return reconciler;
    }

    private static Caller writer() {
        return new Caller("user-" + UUID.randomUUID(), "assets:read assets:write");
    }

    private static JsonNode create(HandlersDeployment functions, Caller caller, String type, long size,
            String checksum) {
        Reply created = functions.call("POST", "/v1/uploads", caller, JSON,
                declaration("IMG_0003.jpg", type, size, checksum));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        return created.json();
    }

    private static void putToTarget(JsonNode created, byte[] bytes) {
        Map<String, String> headers = new HashMap<>();
        created.path("target").path("headers").properties().forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
        Http.Response put = Http.put(created.path("target").path("url").asText(), headers, bytes);
        assertThat(put.status()).as("%s", put).isEqualTo(200);
    }

    /** PUTs the first {@code count} parts of {@code file} to freshly signed part URLs; answers their ETags. */
    private static List<String> putParts(HandlersDeployment functions, Caller caller, JsonNode created, byte[] file,
            int count) {
        String numbers = count == 1 ? "[1]" : "[1, 2]";
        Reply signed = functions.call("POST", "/v1/uploads/" + created.path("uploadId").asText() + "/parts", caller,
                JSON, ("{\"partNumbers\": " + numbers + "}").getBytes(StandardCharsets.UTF_8));
        assertThat(signed.status()).as("%s", signed).isEqualTo(200);
        long partSize = created.path("partSize").asLong();
        List<String> etags = new ArrayList<>();
        for (JsonNode part : signed.json().path("parts")) {
            int number = part.path("partNumber").asInt();
            int from = (int) ((number - 1) * partSize);
            int to = (int) Math.min(file.length, from + partSize);
            Map<String, String> headers = new HashMap<>();
            part.path("headers").properties().forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
            Http.Response put = Http.put(part.path("url").asText(), headers, Arrays.copyOfRange(file, from, to));
            assertThat(put.status()).as("part %d: %s", number, put).isEqualTo(200);
            etags.add(put.header("ETag"));
        }
        return etags;
    }

    /** The object key of an upload (a MULTIPART one has no target URL to read it from). */
    private static String keyOf(JsonNode created) {
        return Core.context().getBean(JdbcClient.class).sql("select object_key from uploads where id = ?")
                .param(created.path("uploadId").asText()).query(String.class).single();
    }

    private static String stateOf(HandlersDeployment deployment, Caller caller, JsonNode created) {
        return deployment.call("GET", "/v1/uploads/" + created.path("uploadId").asText(), caller, Map.of(), null).json()
                .path("state").asText();
    }

    private static long pendingDeletionsOf(String key) {
        return Core.context().getBean(DeferredDeletions.class).due(10_000).stream()
                .filter(d -> d.objectKey().equals(key)).count();
    }

    private static boolean stored(String key) {
        try (S3Client s3 = s3()) {
            return s3.listObjectsV2(b -> b.bucket(stack.bucket()).prefix(key)).contents().stream()
                    .anyMatch(o -> o.key().equals(key));
        }
    }

    private static int openMultiparts(String key) {
        try (S3Client s3 = s3()) {
            return s3.listMultipartUploads(b -> b.bucket(stack.bucket()).prefix(key)).uploads().size();
        }
    }

    /** An ETag as a JSON string, without the quotes S3 puts around it (the API takes it either way). */
    private static String quoted(String etag) {
        return "\"" + etag.replace("\"", "") + "\"";
    }

    /** A JPEG's first four bytes, then HTML with a script: passes the upload's check, not the content check. */
    private static byte[] htmlDisguisedAsJpeg() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0});
        out.writeBytes("<html><body><script>fetch('/steal?c='+document.cookie)</script></body></html>"
                .getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static S3Client s3() {
        return S3Client.builder().endpointOverride(java.net.URI.create(S3ProxyServer.get().endpoint()))
                .region(Region.of(S3ProxyServer.REGION)).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
                .build();
    }
}
