package io.assetgate.server.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import io.assetgate.client.Asset;
import io.assetgate.client.AssetgateClient;
import io.assetgate.server.support.CephRgw;
import io.assetgate.server.support.Http;
import io.assetgate.server.support.ServerCluster;
import io.assetgate.server.support.TempDirs;
import io.assetgate.server.support.TestDatabases;
import io.assetgate.server.support.TestFiles;
import io.assetgate.server.support.TestIdp;
import tools.jackson.databind.JsonNode;

/**
 * The server on Ceph's RADOS Gateway, a real distributed S3 store ({@link CephRgw}): two nodes
 * of the server jar behind HAProxy on one PostgreSQL database, each node signing for a gateway
 * of its own, so an object PUT through one gateway is completed and served through the other.
 * What a presigned PUT binds (the declared Content-Type, the exact length, {@code If-None-Match})
 * is enforced by the gateway itself. Opt-in and not in the default suite, since Ceph loads a
 * small machine: {@code ./mvnw -pl server verify -Dit.test=CephRgwIT -Dassetgate.ceph=true}
 * (the {@code ceph} profile). Asked for, a Ceph that cannot start fails the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class CephRgwIT {

    private static final String SCOPES = "assets:read assets:write";

    private final CephRgw ceph = CephRgw.start();
    private final ServerCluster cluster = ServerCluster.start(2, settings(), ceph::settings);
    private final String token = TestIdp.token("ceph-owner", SCOPES);

    private Map<String, Object> settings() {
        System.out.printf("Ceph: mon, OSD and two gateways up in %.1f s at %s%n", ceph.startSeconds(), ceph.endpoints());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("spring.datasource.url", TestDatabases.newPostgres());
        settings.put("spring.datasource.username", TestDatabases.pgUser());
        settings.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", TestIdp.issuerUrl());
        settings.put("assetgate.limits.uploads-per-minute", "0");
        settings.put("assetgate.upload.multipart-threshold", "8MB");
        settings.put("assetgate.upload.part-size", "5MB");
        return settings;
    }

    @AfterAll
    void stop() {
        cluster.close();
        ceph.close();
    }

    @Test
    void gatewayRefusesAPutWhoseTypeOrLengthDiffersFromTheSignedOnes() throws Exception {
        byte[] photo = TestFiles.jpeg(320, 240);
        JsonNode created = created(cluster.node(0), "signed.jpg", photo);
        assertThat(created.get("mode").asString()).isEqualTo("SINGLE");
        String url = created.get("target").get("url").asString();
        Map<String, String> headers = headers(created.get("target"));
        assertThat(url).as("node 0 signs for gateway 0").startsWith(ceph.endpoints().get(0));

        Map<String, String> png = new LinkedHashMap<>(headers);
        png.put("Content-Type", "image/png");
        assertRefused(Http.put(url, png, photo), "another Content-Type");
        assertRefused(Http.put(url, headers, Arrays.copyOf(photo, photo.length + 1)), "one byte more");
        assertRefused(Http.put(url, headers, Arrays.copyOf(photo, photo.length - 1)), "one byte less");
        String complete = "/v1/uploads/" + created.get("uploadId").asString() + "/complete";
        Http.Response early = cluster.node(1).post(complete, token, null);
        assertThat(early.code()).as("nothing was stored: %s", early).isEqualTo("UPLOAD_INCOMPLETE");

        assertThat(Http.put(url, headers, photo).status()).as("the declared type and length").isEqualTo(200);
        Http.Response again = Http.put(url, headers, photo);
        assertThat(again.status()).as("If-None-Match: * once the object exists: %s", again).isEqualTo(412);
        // Completed through the other node, which reads the object through the other gateway.
        Http.Response done = cluster.node(1).post(complete, token, null);
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(done.json().get("size").asLong()).isEqualTo(photo.length);
        assertReadyWithBytes(done.json().get("id").asString(), photo);
    }

    @Test
    void otherBytesOfTheSignedLengthPassTheGatewayButNotComplete() {
        // Without flexible checksums (Pacific has none) the gateway cannot know the declared
        // SHA-256: the server reads the object back at complete and refuses it.
        byte[] photo = TestFiles.jpeg(300, 200);
        JsonNode created = created(cluster.api(), "swapped.jpg", photo);
        byte[] other = photo.clone();
        other[other.length / 2] ^= 0x55;
        Http.Response put = Http.put(created.get("target").get("url").asString(), headers(created.get("target")), other);
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        Http.Response done = cluster.api().post("/v1/uploads/" + created.get("uploadId").asString() + "/complete",
                token, null);
        assertThat(done.status()).as(done.toString()).isEqualTo(422);
        assertThat(done.code()).isEqualTo("INTEGRITY_MISMATCH");
    }

    @Test
    void multipartPartsThroughBothGatewaysMakeOneObject() throws Exception {
        byte[] big = bigJpeg(190);
        JsonNode upload = created(cluster.node(0), "big.jpg", big);
        assertThat(upload.get("mode").asString()).isEqualTo("MULTIPART");
        int partSize = upload.get("partSize").asInt();
        int partCount = upload.get("partCount").asInt();
        assertThat(partCount).isEqualTo(3);
        String path = "/v1/uploads/" + upload.get("uploadId").asString();

        List<Map<String, Object>> parts = new java.util.ArrayList<>();
        for (int n = 1; n <= partCount; n++) {
            // Odd parts signed by node 0 for gateway 0, even ones by node 1 for gateway 1.
            int node = (n + 1) % 2;
            Http.Response signed = cluster.node(node).post(path + "/parts", token, Map.of("partNumbers", List.of(n)));
            assertThat(signed.status()).as(signed.toString()).isEqualTo(200);
            JsonNode part = signed.json().get("parts").get(0);
            assertThat(part.get("url").asString()).startsWith(ceph.endpoints().get(node));
            byte[] bytes = Arrays.copyOfRange(big, (n - 1) * partSize, Math.min(big.length, n * partSize));
            if (n == 1) {
                assertRefused(Http.put(part.get("url").asString(), headers(part), Arrays.copyOf(bytes, bytes.length - 1)),
                        "a part one byte short");
            }
            Http.Response put = Http.put(part.get("url").asString(), headers(part), bytes);
            assertThat(put.status()).as(put.toString()).isEqualTo(200);
            parts.add(Map.of("partNumber", n, "etag", put.header("ETag")));
        }
        Http.Response done = cluster.node(0).post(path + "/complete", token, Map.of("parts", parts));
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(done.json().get("size").asLong()).isEqualTo(big.length);
        assertReadyWithBytes(done.json().get("id").asString(), big);
    }

    @Test
    void clientUploadsThroughTheBalancerAndSignedDownloadsServeTheBytes() throws Exception {
        Path file = TempDirs.create("ceph-client").resolve("client.jpg");
        byte[] photo = TestFiles.jpeg(640, 480);
        Files.write(file, photo);
        Asset asset;
        try (AssetgateClient client = AssetgateClient.builder().baseUrl(cluster.url()).token(token).build()) {
            asset = client.upload(file);
        }
        assertReadyWithBytes(asset.id(), photo);

        // The presigned GET of a variant the server wrote itself through its gateway.
        Http.Response thumbnail = Http.fetch(location("/v1/assets/" + asset.id() + "/content?variant=thumbnail"));
        assertThat(thumbnail.status()).as(thumbnail.toString()).isEqualTo(200);
        assertThat(thumbnail.bytes().length).isPositive();
        // A signed GET whose signature was altered is refused by the gateway.
        String url = location("/v1/assets/" + asset.id() + "/content");
        String tampered = url.replaceFirst("(X-Amz-Signature=[0-9a-f]{63})[0-9a-f]",
                "$1" + (url.matches(".*X-Amz-Signature=[0-9a-f]{63}0.*") ? "1" : "0"));
        assertThat(tampered).isNotEqualTo(url);
        assertRefused(Http.fetch(tampered), "an altered signature");
    }

    /** Waits until the asset is READY, then follows its download link (a presigned GET) and compares the bytes. */
    private void assertReadyWithBytes(String id, byte[] expected) throws InterruptedException {
        await("asset " + id + " READY", Duration.ofSeconds(120),
                () -> "READY".equals(cluster.api().get("/v1/assets/" + id, token).json().get("state").asString()));
        String url = location("/v1/assets/" + id + "/content");
        assertThat(ceph.endpoints()).anyMatch(url::startsWith);
        Http.Response download = Http.fetch(url);
        assertThat(download.status()).as(download.toString()).isEqualTo(200);
        assertThat(download.header("Content-Disposition")).startsWith("attachment");
        assertThat(download.bytes()).isEqualTo(expected);
    }

    /** The signed URL the API redirects to. */
    private String location(String path) {
        Http.Response redirect = cluster.api().get(path, token);
        assertThat(redirect.status()).as(redirect.toString()).isEqualTo(303);
        return URI.create(redirect.header("Location")).toString();
    }

    private JsonNode created(Http api, String filename, byte[] bytes) {
        Http.Response created = api.post("/v1/uploads", token, Map.of("filename", filename, "contentType", "image/jpeg",
                "size", bytes.length, "checksum", TestFiles.sha256(bytes)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    private static void assertRefused(Http.Response answer, String what) {
        assertThat(answer.status()).as("the gateway refuses %s: %s", what, answer).isEqualTo(403);
        assertThat(answer.text()).contains("SignatureDoesNotMatch");
    }

    private static Map<String, String> headers(JsonNode signed) {
        Map<String, String> headers = new LinkedHashMap<>();
        signed.get("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asString()));
        return headers;
    }

    /**
     * A real JPEG made large by {@code segments} comment segments of 64 KiB (random bytes, which
     * every decoder skips) after its start marker: big enough for a multipart upload, and still
     * processed to READY.
     */
    private static byte[] bigJpeg(int segments) {
        byte[] photo = TestFiles.jpeg(640, 480);
        ByteArrayOutputStream out = new ByteArrayOutputStream(photo.length + segments * 65537);
        out.write(photo, 0, 2);
        Random random = new Random(segments);
        byte[] payload = new byte[65533];
        for (int i = 0; i < segments; i++) {
            random.nextBytes(payload);
            out.write(0xFF);
            out.write(0xFE);
            out.write(0xFF);
            out.write(0xFF);
            out.write(payload, 0, payload.length);
        }
        out.write(photo, 2, photo.length - 2);
        return out.toByteArray();
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for: " + what);
    }
}
