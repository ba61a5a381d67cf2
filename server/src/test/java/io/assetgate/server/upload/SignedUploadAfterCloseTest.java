package io.assetgate.server.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import io.assetgate.server.storage.ObjectStore;
import io.assetgate.server.support.Http;
import io.assetgate.server.support.ServerTest;
import io.assetgate.server.support.TestFiles;
import tools.jackson.databind.JsonNode;

/**
 * Once an upload is closed (completed, aborted), no signed link of it may change its object:
 * the bytes that were verified are the bytes that stay. The URLs themselves are still within
 * their lifetime in every case here. Runs against the local store; {@code S3...} runs the same
 * cases against S3Proxy.
 */
@TestPropertySource(properties = {"assetgate.reconciler.orphan-grace=0s", "assetgate.reconciler.interval=1h"})
class SignedUploadAfterCloseTest extends ServerTest {

    private static final byte[] PHOTO = TestFiles.jpeg(96, 64);

    @Autowired
    ObjectStore store;
    @Autowired
    UploadReconciler reconciler;
    @Autowired
    JdbcClient jdbc;

    /** Whether the store can refuse a still-valid link of an aborted upload (S3 cannot revoke presigned URLs). */
    protected boolean refusesLinksOfAbortedUploads() {
        return true;
    }

    @Test
    void refusesToReplaceVerifiedBytesThroughTheSignedUrlAfterComplete() throws IOException {
        String token = tokenFor("swapper");
        // Declared without a checksum (the client computes it while sending): nothing but the
        // store's own refusal then stops other bytes of the same length.
        JsonNode upload = createUndeclared(token, PHOTO);
        assertThat(putToTarget(upload, PHOTO).status()).isEqualTo(200);
        Http.Response completed = api.post(path(upload, "/complete"), token, Map.of("checksum", TestFiles.sha256(PHOTO)));
        assertThat(completed.status()).isEqualTo(200);

        byte[] swapped = TestFiles.random(PHOTO.length);
        Http.Response put = putToTarget(upload, swapped);

        assertThat(put.status()).as("PUT after complete: %s", put).isBetween(400, 499);
        assertThat(stored(upload)).as("the verified bytes stay").isEqualTo(PHOTO);
    }

    @Test
    void refusesASecondPutBeforeComplete() throws IOException {
        String token = tokenFor("double-put");
        JsonNode upload = createUndeclared(token, PHOTO);
        assertThat(putToTarget(upload, PHOTO).status()).isEqualTo(200);

        Http.Response second = putToTarget(upload, TestFiles.random(PHOTO.length));

        assertThat(second.status()).as("second PUT: %s", second).isBetween(400, 499);
        assertThat(stored(upload)).isEqualTo(PHOTO);
    }

    @Test
    void refusesOrCleansUpAPutAfterAbort() throws IOException {
        String token = tokenFor("aborter");
        JsonNode upload = create(token, "a.jpg", "image/jpeg", PHOTO);
        assertThat(api.delete(path(upload, ""), token).status()).isEqualTo(204);

        Http.Response put = putToTarget(upload, PHOTO);

        if (refusesLinksOfAbortedUploads()) {
            assertThat(put.status()).as("PUT after abort: %s", put).isBetween(400, 499);
            assertThat(store.stat(objectKey(upload))).isEmpty();
        } else {
            assertThat(put.status()).as("a presigned URL cannot be revoked").isEqualTo(200);
            reconciler.reconcile();
            assertThat(store.stat(objectKey(upload))).as("the reconciler removed it").isEmpty();
        }
    }

    @Test
    void reconcilerRemovesAnObjectWrittenAfterAbort() {
        String token = tokenFor("late-writer");
        JsonNode upload = create(token, "late.jpg", "image/jpeg", PHOTO);
        assertThat(api.delete(path(upload, ""), token).status()).isEqualTo(204);
        // A PUT that passed the store's checks just before the abort, and landed just after it.
        store.put(objectKey(upload), new ByteArrayInputStream(PHOTO), PHOTO.length, "image/jpeg");

        reconciler.reconcile();

        assertThat(store.stat(objectKey(upload))).isEmpty();
    }

    private JsonNode createUndeclared(String token, byte[] bytes) {
        Map<String, Object> body = new LinkedHashMap<>(declaration("p.jpg", "image/jpeg", bytes));
        body.remove("checksum");
        Http.Response created = api.post("/v1/uploads", token, body);
        assertThat(created.status()).as("create: %s", created).isEqualTo(201);
        return created.json();
    }

    private byte[] stored(JsonNode upload) throws IOException {
        try (InputStream in = store.open(objectKey(upload))) {
            return in.readAllBytes();
        }
    }

    private String objectKey(JsonNode upload) {
        return jdbc.sql("select object_key from uploads where id = ?").param(upload.get("uploadId").asString())
                .query(String.class).single();
    }

    private static String path(JsonNode upload, String suffix) {
        return "/v1/uploads/" + upload.get("uploadId").asString() + suffix;
    }
}
