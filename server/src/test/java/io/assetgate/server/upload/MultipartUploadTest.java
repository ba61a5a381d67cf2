package io.assetgate.server.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import io.assetgate.server.storage.StoreInventory;
import io.assetgate.server.support.Http;
import io.assetgate.server.support.ServerTest;
import tools.jackson.databind.JsonNode;

/**
 * MULTIPART uploads over real HTTP: create, sign parts, PUT them straight to the store,
 * resume from the stored parts, re-sign after expiry, complete with ETags, abort. Runs on the
 * local store here and on S3 in {@link S3MultipartUploadTest}.
 *
 * <p>Processing is off and AVAILABLE assets are served: made-up bytes would fail processing, and
 * what is tested here is how bytes are stored and served. That nothing is served before its
 * checks by default is {@code DownloadBeforeChecksTest}'s.
 */
@TestPropertySource(properties = {"assetgate.upload.multipart-threshold=10MB", "assetgate.upload.part-size=5MB",
    "assetgate.upload.url-ttl=3s", "assetgate.processing.enabled=false",
    "assetgate.processing.download-before-checks=true"})
class MultipartUploadTest extends ServerTest {

    static final long MIB = 1024 * 1024;

    @Autowired
    StoreInventory inventory;

    @Test
    void createAnswersAPartPlanInsteadOfATarget() {
        String token = tokenFor("plan");
        JsonNode upload = createVideo(token, new Video(12 * MIB + 5));

        assertThat(upload.get("mode").asString()).isEqualTo("MULTIPART");
        assertThat(upload.get("partSize").asLong()).isEqualTo(5 * MIB);
        assertThat(upload.get("partCount").asInt()).isEqualTo(3);
        assertThat(upload.has("target")).isFalse();
        Instant expires = Instant.parse(upload.get("expiresAt").asString());
        assertThat(expires).isAfter(Instant.now().plus(Duration.ofHours(23)));
        List<Integer> tooMany = new ArrayList<>();
        for (int i = 1; i <= 101; i++) {
            tooMany.add(i);
        }
        assertThat(api.post(path(upload, "/parts"), token, Map.of("partNumbers", tooMany)).code())
                .isEqualTo("VALIDATION_FAILED");
        assertThat(api.post(path(upload, "/parts"), token, Map.of("partNumbers", List.of(4))).code())
                .isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void uploads200MegabytesInConcurrentPartsAndServesTheSameBytes() throws Exception {
        String token = tokenFor("big");
        Video video = new Video(200 * MIB + 12345);
        JsonNode upload = api.post("/v1/uploads", token, video.declaration(), Map.of()).json();
        int partCount = upload.get("partCount").asInt();
        long partSize = upload.get("partSize").asLong();

        Map<Integer, String> etags = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> puts = new ArrayList<>();
            for (int n = 1; n <= partCount; n++) {
                int number = n;
                puts.add(pool.submit(() -> etags.put(number, putPart(token, upload, number,
                        video.part(number, partSize)))));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        }
        Http.Response done = complete(token, upload, etags);

        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(done.json().get("state").asString()).isEqualTo("AVAILABLE");
        assertThat(done.json().get("size").asLong()).isEqualTo(video.size);
        assertThat(sha256Of(done.json().get("url").asString())).isEqualTo(video.sha256());
    }

    @Test
    void resumesFromTheStoredPartsAfterDroppingHalfOfThem() throws Exception {
        String token = tokenFor("resume");
        Video video = new Video(18 * MIB);
        JsonNode upload = createVideo(token, video);
        putPart(token, upload, 1, video.part(1, 5 * MIB));
        putPart(token, upload, 3, video.part(3, 5 * MIB));

        // The client crashed and lost everything but the upload id: it asks what is stored.
        JsonNode state = api.get(path(upload, ""), token).json();
        Map<Integer, String> etags = new LinkedHashMap<>();
        state.get("parts").forEach(p -> etags.put(p.get("partNumber").asInt(), p.get("etag").asString()));
        assertThat(etags.keySet()).containsExactly(1, 3);
        assertThat(state.get("parts").get(0).get("size").asLong()).isEqualTo(5 * MIB);
        for (int n = 1; n <= 4; n++) {
            if (!etags.containsKey(n)) {
                etags.put(n, putPart(token, upload, n, video.part(n, 5 * MIB)));
            }
        }
        Http.Response done = complete(token, upload, etags);

        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(sha256Of(done.json().get("url").asString())).isEqualTo(video.sha256());
        assertThat(complete(token, upload, etags).json().get("id").asString())
                .isEqualTo(done.json().get("id").asString());
    }

    @Test
    void signsFreshPartUrlsAfterTheFirstOnesExpired() throws InterruptedException {
        String token = tokenFor("slow");
        Video video = new Video(11 * MIB);
        JsonNode upload = createVideo(token, video);
        JsonNode part = signParts(token, upload, 1).get(0);
        Instant expiresAt = Instant.parse(part.get("expiresAt").asString());
        assertThat(expiresAt).isBefore(Instant.now().plusSeconds(4));
        Thread.sleep(Duration.between(Instant.now(), expiresAt).plusMillis(1100));

        // The store refuses it: with 403, or by closing the connection before reading the body.
        try {
            assertThat(Http.put(part.get("url").asString(), headers(part), video.part(1, 5 * MIB)).status())
                    .isEqualTo(403);
        } catch (java.io.UncheckedIOException closedEarly) {
            // refused before the body was read
        }
        assertThat(api.get(path(upload, ""), token).json().get("parts")).isEmpty();
        Map<Integer, String> etags = new LinkedHashMap<>();
        for (int n = 1; n <= 3; n++) {
            etags.put(n, putPart(token, upload, n, video.part(n, 5 * MIB)));
        }
        assertThat(complete(token, upload, etags).status()).isEqualTo(200);
    }

    @Test
    void completeRefusesWrongAndMissingEtagsThenAcceptsTheRightOnes() {
        String token = tokenFor("etags");
        Video video = new Video(11 * MIB);
        JsonNode upload = createVideo(token, video);
        Map<Integer, String> etags = new LinkedHashMap<>();
        etags.put(1, putPart(token, upload, 1, video.part(1, 5 * MIB)));
        etags.put(2, putPart(token, upload, 2, video.part(2, 5 * MIB)));

        assertThat(complete(token, upload, etags).code()).isEqualTo("UPLOAD_INCOMPLETE");
        etags.put(3, "0123456789abcdef0123456789abcdef");
        assertThat(complete(token, upload, etags).code()).isEqualTo("UPLOAD_INCOMPLETE");
        etags.put(3, putPart(token, upload, 3, video.part(3, 5 * MIB)));
        Map<Integer, String> wrong = new LinkedHashMap<>(etags);
        wrong.put(2, "0123456789abcdef0123456789abcdef");
        Http.Response refused = complete(token, upload, wrong);
        assertThat(refused.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("parts[1].etag");
        Map<Integer, String> missingTag = new LinkedHashMap<>(etags);
        missingTag.put(2, "");
        assertThat(complete(token, upload, missingTag).code()).isEqualTo("VALIDATION_FAILED");
        assertThat(api.post(path(upload, "/complete"), token, null).code()).isEqualTo("VALIDATION_FAILED");

        Http.Response done = complete(token, upload, etags);
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(done.json().get("state").asString()).isEqualTo("AVAILABLE");
    }

    @Test
    void abortFreesTheStoredPartsAndIsIdempotent() {
        String token = tokenFor("abort");
        Video video = new Video(11 * MIB);
        List<String> before = openMultipartKeys();
        JsonNode upload = createVideo(token, video);
        putPart(token, upload, 1, video.part(1, 5 * MIB));
        List<String> started = openMultipartKeys();
        started.removeAll(before);
        assertThat(started).hasSize(1);

        assertThat(api.delete(path(upload, ""), token).status()).isEqualTo(204);
        assertThat(api.delete(path(upload, ""), token).status()).isEqualTo(204);

        assertThat(api.get(path(upload, ""), token).json().get("state").asString()).isEqualTo("ABORTED");
        assertThat(api.post(path(upload, "/parts"), token, Map.of("partNumbers", List.of(2))).code())
                .isEqualTo("UPLOAD_NOT_PENDING");
        assertThat(openMultipartKeys()).doesNotContain(started.getFirst());
    }

    @Test
    void concurrentCreatesWithOneIdempotencyKeyMakeOneUpload() throws Exception {
        String token = tokenFor("twins");
        Video video = new Video(11 * MIB);
        // The resource server resolves the issuer lazily; let one call do it before the race.
        assertThat(api.get("/v1/assets", token).status()).isEqualTo(200);
        List<Future<Http.Response>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            for (int i = 0; i < 6; i++) {
                answers.add(pool.submit(() -> api.post("/v1/uploads", token, video.declaration(),
                        Map.of("Idempotency-Key", "same-key"))));
            }
        }
        List<String> ids = new ArrayList<>();
        for (Future<Http.Response> answer : answers) {
            assertThat(answer.get().status()).as(answer.get().toString()).isEqualTo(201);
            ids.add(answer.get().json().get("uploadId").asString());
        }
        assertThat(ids).containsOnly(ids.getFirst());
    }

    // ---- helpers ----

    private JsonNode createVideo(String token, Video video) {
        Http.Response created = api.post("/v1/uploads", token, video.declaration());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    JsonNode signParts(String token, JsonNode upload, Integer... numbers) {
        Http.Response signed = api.post(path(upload, "/parts"), token, Map.of("partNumbers", List.of(numbers)));
        assertThat(signed.status()).as(signed.toString()).isEqualTo(200);
        return signed.json().get("parts");
    }

    /** Signs one part just before sending it, and answers the ETag the store gave it. */
    String putPart(String token, JsonNode upload, int number, byte[] bytes) {
        JsonNode part = signParts(token, upload, number).get(0);
        Http.Response put = Http.put(part.get("url").asString(), headers(part), bytes);
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        return put.header("ETag");
    }

    Http.Response complete(String token, JsonNode upload, Map<Integer, String> etags) {
        List<Map<String, Object>> parts = new ArrayList<>();
        etags.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> parts.add(Map.of("partNumber", e.getKey(), "etag", e.getValue())));
        return api.post(path(upload, "/complete"), token, Map.of("parts", parts));
    }

    private List<String> openMultipartKeys() {
        List<String> keys = new ArrayList<>();
        inventory.forEachMultipart("", m -> keys.add(m.key()));
        return keys;
    }

    static Map<String, String> headers(JsonNode signed) {
        Map<String, String> headers = new LinkedHashMap<>();
        signed.get("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asString()));
        return headers;
    }

    static String path(JsonNode upload, String suffix) {
        return "/v1/uploads/" + upload.get("uploadId").asString() + suffix;
    }

    /** The SHA-256 of what a signed download URL serves, streamed rather than held in memory. */
    static String sha256Of(String url) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (DigestInputStream in = new DigestInputStream(response.body(), sha256())) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return "sha256:" + Base64.getEncoder().encodeToString(in.getMessageDigest().digest());
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A large MP4-looking file made on the fly: an ISO BMFF {@code ftyp} box, then
     * pseudo-random bytes. Any part can be regenerated, so the whole never sits in memory.
     */
    static final class Video {

        private static final byte[] FTYP = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0,
            'i', 's', 'o', 'm', 'm', 'p', '4', '1'};
        final long size;
        private final long seed = System.nanoTime();

        Video(long size) {
            this.size = size;
        }

        /** Bytes of part {@code number} (from 1) when the file is cut into {@code partSize} parts. */
        byte[] part(int number, long partSize) {
            long offset = (number - 1) * partSize;
            byte[] bytes = new byte[(int) Math.min(partSize, size - offset)];
            fill(offset, bytes);
            return bytes;
        }

        private void fill(long offset, byte[] bytes) {
            // Each 64 KiB block has its own seed, so any range can be regenerated.
            int block = 64 * 1024;
            for (int i = 0; i < bytes.length;) {
                long at = offset + i;
                long blockIndex = at / block;
                byte[] data = new byte[block];
                new SplittableRandom(seed ^ (blockIndex * 0x9E3779B97F4A7C15L)).nextBytes(data);
                if (blockIndex == 0) {
                    System.arraycopy(FTYP, 0, data, 0, FTYP.length);
                }
                int from = (int) (at % block);
                int n = Math.min(block - from, bytes.length - i);
                System.arraycopy(data, from, bytes, i, n);
                i += n;
            }
        }

        String sha256() {
            MessageDigest digest = MultipartUploadTest.sha256();
            long chunk = 8 * MIB;
            for (int n = 1; (n - 1) * chunk < size; n++) {
                digest.update(part(n, chunk));
            }
            return "sha256:" + Base64.getEncoder().encodeToString(digest.digest());
        }

        Map<String, Object> declaration() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("filename", "clip.mp4");
            body.put("contentType", "video/mp4");
            body.put("size", size);
            body.put("checksum", sha256());
            return body;
        }
    }
}
