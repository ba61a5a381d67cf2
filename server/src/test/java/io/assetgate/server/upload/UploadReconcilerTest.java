package io.assetgate.server.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import io.assetgate.server.storage.MultipartStore;
import io.assetgate.server.storage.ObjectKeys;
import io.assetgate.server.storage.ObjectStore;
import io.assetgate.server.storage.StoreInventory;
import io.assetgate.server.support.Http;
import io.assetgate.server.support.ServerTest;
import io.assetgate.server.support.TestFiles;
import io.assetgate.server.upload.MultipartUploadTest.Video;
import tools.jackson.databind.JsonNode;

/**
 * Each reconciler case over real HTTP: uploads are made through the API and their state is
 * read back through it; only the run itself is triggered directly, instead of waiting for the
 * schedule. Deadlines are seconds long here, and the grace periods zero.
 *
 * <p>Processing is off and AVAILABLE assets are served: made-up bytes would fail processing, and
 * what is tested here is how bytes are stored and served. That nothing is served before its
 * checks by default is {@code DownloadBeforeChecksTest}'s.
 */
@TestPropertySource(properties = {"assetgate.upload.url-ttl=3s", "assetgate.upload.multipart-ttl=5s",
    "assetgate.upload.multipart-threshold=10MB", "assetgate.upload.part-size=5MB",
    "assetgate.reconciler.grace=0s", "assetgate.reconciler.orphan-grace=0s", "assetgate.reconciler.interval=1h",
    "assetgate.processing.enabled=false", "assetgate.processing.download-before-checks=true"})
class UploadReconcilerTest extends ServerTest {

    private static final long MIB = 1024 * 1024;

    @Autowired
    UploadReconciler reconciler;
    @Autowired
    ObjectStore store;
    @Autowired
    MultipartStore multipart;
    @Autowired
    StoreInventory inventory;
    @Autowired
    JdbcClient jdbc;

    @Test
    void completesASingleUploadWhoseClientDiedAfterThePut() throws InterruptedException {
        String token = tokenFor("died-after-put");
        byte[] photo = TestFiles.jpeg(320, 240);
        JsonNode upload = create(token, "lost.jpg", "image/jpeg", photo);
        assertThat(putToTarget(upload, photo).status()).isEqualTo(200);
        awaitExpiry(upload);

        reconciler.reconcile();

        assertThat(state(token, upload)).isEqualTo("COMPLETED");
        JsonNode asset = api.get("/v1/assets/" + upload.get("assetId").asString(), token).json();
        assertThat(asset.get("state").asString()).isEqualTo("AVAILABLE");
        assertThat(Http.fetch(asset.get("url").asString()).bytes()).isEqualTo(photo);
    }

    @Test
    void completesAMultipartUploadWhosePartsAreAllStored() throws Exception {
        String token = tokenFor("died-after-parts");
        Video video = new Video(11 * MIB);
        JsonNode upload = api.post("/v1/uploads", token, video.declaration()).json();
        for (int n = 1; n <= 3; n++) {
            putPart(token, upload, n, video.part(n, 5 * MIB));
        }
        awaitExpiry(upload);

        reconciler.reconcile();

        assertThat(state(token, upload)).isEqualTo("COMPLETED");
        JsonNode asset = api.get("/v1/assets/" + upload.get("assetId").asString(), token).json();
        assertThat(MultipartUploadTest.sha256Of(asset.get("url").asString())).isEqualTo(video.sha256());
    }

    @Test
    void failsAStoredUploadThatDoesNotMatchItsDeclaration() throws InterruptedException {
        String token = tokenFor("liar");
        // The store accepts these bytes (type header, length and checksum are as signed), but they are a PNG.
        byte[] photo = TestFiles.png(100, 100);
        JsonNode upload = api.post("/v1/uploads", token, declaration("fake.jpg", "image/jpeg", photo)).json();
        assertThat(putToTarget(upload, photo).status()).isEqualTo(200);
        awaitExpiry(upload);

        reconciler.reconcile();

        JsonNode view = api.get(MultipartUploadTest.path(upload, ""), token).json();
        assertThat(view.get("state").asString()).isEqualTo("FAILED");
        assertThat(view.get("stateReason").asString()).contains("not image/jpeg");
        assertThat(api.get("/v1/assets/" + upload.get("assetId").asString(), token).json().get("state").asString())
                .isEqualTo("FAILED");
    }

    @Test
    void expiresAnAbandonedMultipartUploadAndFreesItsParts() throws InterruptedException {
        String token = tokenFor("abandoned");
        Video video = new Video(11 * MIB);
        List<String> before = openMultiparts();
        JsonNode upload = api.post("/v1/uploads", token, video.declaration()).json();
        putPart(token, upload, 1, video.part(1, 5 * MIB));
        List<String> started = openMultiparts();
        started.removeAll(before);
        assertThat(started).hasSize(1);
        awaitExpiry(upload);

        UploadReconciler.Report report = reconciler.reconcile();

        assertThat(report.expired()).isGreaterThanOrEqualTo(1);
        JsonNode view = api.get(MultipartUploadTest.path(upload, ""), token).json();
        assertThat(view.get("state").asString()).isEqualTo("EXPIRED");
        assertThat(view.get("stateReason").asString()).contains("not completed");
        assertThat(openMultiparts()).doesNotContain(started.getFirst());
        assertThat(api.get("/v1/assets/" + upload.get("assetId").asString(), token).code()).isEqualTo("NOT_FOUND");
        assertThat(api.post(MultipartUploadTest.path(upload, "/complete"), token, null).code())
                .isEqualTo("UPLOAD_EXPIRED");
    }

    @Test
    void deletesStoredObjectsAndMultipartUploadsThatNoRecordRefersTo() {
        String token = tokenFor("keeper");
        JsonNode kept = upload(token, "kept.png", "image/png", TestFiles.png(40, 40));
        String orphan = ObjectKeys.newOriginalKey();
        store.put(orphan, new ByteArrayInputStream(new byte[] {1, 2, 3}), 3, "image/png");
        String orphanPartsKey = ObjectKeys.newOriginalKey();
        String orphanParts = multipart.startMultipart(orphanPartsKey, "video/mp4", MultipartStore.MIN_PART_SIZE);

        UploadReconciler.Report report = reconciler.reconcile();

        assertThat(report.orphansDeleted()).isGreaterThanOrEqualTo(1);
        assertThat(store.stat(orphan)).isEmpty();
        List<String> open = new ArrayList<>();
        inventory.forEachMultipart("", m -> open.add(m.uploadId()));
        assertThat(open).doesNotContain(orphanParts);
        JsonNode asset = api.get("/v1/assets/" + kept.get("id").asString(), token).json();
        assertThat(Http.fetch(asset.get("url").asString()).status()).isEqualTo(200);
    }

    @Test
    void scheduledRunDoesNothingWhileAnotherInstanceHoldsTheLock() throws InterruptedException {
        String token = tokenFor("locked-out");
        byte[] photo = TestFiles.png(64, 64);
        JsonNode upload = create(token, "wait.png", "image/png", photo);
        assertThat(putToTarget(upload, photo).status()).isEqualTo(200);
        awaitExpiry(upload);
        jdbc.sql("delete from shedlock").update();
        jdbc.sql("insert into shedlock (name, lock_until, locked_at, locked_by) values (?, ?, ?, ?)")
                .params("upload-reconciler", java.sql.Timestamp.from(Instant.now().plus(Duration.ofDays(1))),
                        java.sql.Timestamp.from(Instant.now()), "another-instance")
                .update();

        reconciler.scheduledRun();
        assertThat(state(token, upload)).isEqualTo("PENDING");

        // The other instance's lock ran out.
        jdbc.sql("update shedlock set lock_until = ?").params(
                java.sql.Timestamp.from(Instant.now().minus(Duration.ofDays(1)))).update();
        reconciler.scheduledRun();
        assertThat(state(token, upload)).isEqualTo("COMPLETED");
    }

    /** Not a reconciler case, but the same rule at complete, and this context has short deadlines. */
    @Test
    void completeAfterTheDeadlineAcceptsOnlyACompleteSetOfStoredParts() throws InterruptedException {
        String token = tokenFor("late");
        Video video = new Video(11 * MIB);
        JsonNode whole = api.post("/v1/uploads", token, video.declaration()).json();
        JsonNode partial = api.post("/v1/uploads", token, video.declaration()).json();
        Map<Integer, String> etags = new LinkedHashMap<>();
        for (int n = 1; n <= 3; n++) {
            etags.put(n, putPart(token, whole, n, video.part(n, 5 * MIB)));
        }
        putPart(token, partial, 1, video.part(1, 5 * MIB));
        awaitExpiry(partial);

        List<Map<String, Object>> parts = new ArrayList<>();
        etags.forEach((n, etag) -> parts.add(Map.of("partNumber", n, "etag", etag)));
        Http.Response late = api.post(MultipartUploadTest.path(whole, "/complete"), token, Map.of("parts", parts));
        assertThat(late.status()).as(late.toString()).isEqualTo(200);
        assertThat(api.post(MultipartUploadTest.path(partial, "/complete"), token, Map.of("parts", parts)).code())
                .isEqualTo("UPLOAD_EXPIRED");
        assertThat(state(token, partial)).isEqualTo("EXPIRED");
    }

    private String state(String token, JsonNode upload) {
        return api.get(MultipartUploadTest.path(upload, ""), token).json().get("state").asString();
    }

    private String putPart(String token, JsonNode upload, int number, byte[] bytes) {
        Http.Response signed = api.post(MultipartUploadTest.path(upload, "/parts"), token,
                Map.of("partNumbers", List.of(number)));
        JsonNode part = signed.json().get("parts").get(0);
        Map<String, String> headers = new LinkedHashMap<>(MultipartUploadTest.headers(part));
        Http.Response put = Http.put(part.get("url").asString(), headers, bytes);
        assertThat(put.status()).isEqualTo(200);
        return put.header("ETag");
    }

    private List<String> openMultiparts() {
        List<String> ids = new ArrayList<>();
        inventory.forEachMultipart("", m -> ids.add(m.uploadId()));
        return ids;
    }

    private static void awaitExpiry(JsonNode upload) throws InterruptedException {
        Instant expiresAt = Instant.parse(upload.get("expiresAt").asString());
        Duration wait = Duration.between(Instant.now(), expiresAt).plusMillis(50);
        if (!wait.isNegative()) {
            Thread.sleep(wait);
        }
    }
}
