package io.assetgate.server.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.ServerJar;
import io.assetgate.server.support.ServerTest;
import io.assetgate.server.support.TestDatabases;
import io.assetgate.server.support.TestFiles;
import io.assetgate.server.support.TestIdp;
import io.assetgate.server.support.TempDirs;
import tools.jackson.databind.JsonNode;

/**
 * Kills the worker JVM in the middle of a processing job and restarts it. The server is the
 * real jar ({@code server/target/assetgate-server.jar}, hence an integration test run after
 * {@code package}) as a child process, on a fresh PostgreSQL database that the test watches.
 */
class ProcessingCrashIT {

    private final List<Process> servers = new ArrayList<>();
    private final String dbUrl = TestDatabases.newPostgres();
    private final Path dataDir = tempDir();
    private final int port = ServerTest.freePort();
    private final Http api = new Http("http://localhost:" + port);
    private final int otherPort = ServerTest.freePort();
    private final Http other = new Http("http://localhost:" + otherPort);

    @AfterEach
    void stopServers() {
        servers.forEach(Process::destroyForcibly);
    }

    @Test
    void jobKilledMidwayRunsAgainAfterRestartAndLeavesOneSetOfVariants() throws Exception {
        Process first = startServer();
        String token = TestIdp.token("crash-owner", "assets:read assets:write");
        // Big enough that decoding and encoding take a while: the kill lands inside the job.
        byte[] photo = TestFiles.jpeg(6000, 4000);
        String assetId = upload(token, photo);

        awaitPicked(assetId);
        // Picked is not yet started: kill only once the run has said so, or it is not a run.
        awaitRunLogged(assetId);
        first.destroyForcibly().waitFor();
        assertThat(state(assetId)).as("killed before the job finished").isEqualTo("AVAILABLE");

        startServer();
        JsonNode asset = awaitProcessed(token, assetId);

        assertThat(asset.get("state").asString()).isEqualTo("READY");
        assertThat(processingRuns(assetId)).as("the killed run and its one rerun").isEqualTo(2);
        assertThat(asset.get("variants").propertyNames()).containsExactlyInAnyOrder("thumbnail", "preview");
        assertThat(count("select count(*) from asset_variants where asset_id = ?", assetId)).isEqualTo(2);
        assertThat(count("select count(*) from asset_events where asset_id = ? and type = 'asset.ready'", assetId))
                .isEqualTo(1);
        assertThat(count("select count(*) from scheduled_tasks where task_instance = ?", assetId)).isZero();
        String key = objectKey(assetId);
        try (Stream<Path> files = Files.list(dataDir.resolve("objects").resolve(key).getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder(
                    fileName(key), fileName(key) + "~thumbnail", fileName(key) + "~preview");
        }
    }

    @Test
    void twoInstancesSharingTheDatabaseProcessEachAssetExactlyOnce() throws Exception {
        Process first = launch(port);
        Process second = launch(otherPort);
        ServerJar.awaitUp(first, api, dataDir);
        ServerJar.awaitUp(second, other, dataDir);
        String token = TestIdp.token("cluster-owner", "assets:read assets:write");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            // Alternate the instance that completes the upload: either may run the job.
            ids.add(upload(i % 2 == 0 ? api : other, token, TestFiles.jpeg(1600 + i, 1200)));
        }

        for (String id : ids) {
            assertThat(awaitProcessed(token, id).get("state").asString()).isEqualTo("READY");
            assertThat(count("select count(*) from asset_events where asset_id = ? and type = 'asset.ready'", id))
                    .isEqualTo(1);
            assertThat(count("select count(*) from asset_variants where asset_id = ?", id)).isEqualTo(2);
        }
        // The outcome alone cannot tell: a second run of a job writes the same variants and loses
        // the conditional AVAILABLE -> READY. The runs themselves are counted, on both instances.
        for (String id : ids) {
            assertThat(processingRuns(id)).as("processing runs of %s, on both instances", id).isEqualTo(1);
        }
        assertThat(count("select count(*) from scheduled_tasks where task_name = ?", "process-asset")).isZero();
    }

    private Process startServer() throws Exception {
        return startServer(port, api);
    }

    private Process startServer(int port, Http api) throws Exception {
        return ServerJar.awaitUp(launch(port), api, dataDir);
    }

    private Process launch(int port) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = dataDir.resolve("server-" + servers.size() + ".log");
        // A killed server cannot delete its job folders: its temp folder is inside the test's own.
        Files.createDirectories(dataDir.resolve("tmp"));
        Process p = new ProcessBuilder(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + dataDir.resolve("tmp"), "-jar", ServerJar.JAR.toString(),
                "--server.port=" + port,
                "--assetgate.public-url=http://localhost:" + port,
                "--assetgate.data-dir=" + dataDir,
                "--spring.datasource.url=" + dbUrl,
                "--spring.datasource.username=" + TestDatabases.pgUser(),
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestIdp.issuerUrl(),
                "--assetgate.processing.polling-interval=200ms",
                "--assetgate.processing.heartbeat-interval=1s"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        TempDirs.stopOnExit(p);
        servers.add(p);
        return p;
    }

    private String upload(String token, byte[] bytes) {
        return upload(api, token, bytes);
    }

    private static String upload(Http api, String token, byte[] bytes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("filename", "big.jpg");
        body.put("contentType", "image/jpeg");
        body.put("size", bytes.length);
        body.put("checksum", TestFiles.sha256(bytes));
        Http.Response created = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        // The first call resolves the issuer; on a loaded machine it may time out once.
        while (System.nanoTime() < deadline && (created == null || created.status() == 500)) {
            created = api.post("/v1/uploads", token, body);
        }
        assertThat(created.status()).isEqualTo(201);
        JsonNode upload = created.json();
        Http.Response done = api.putContent("/v1/uploads/" + upload.get("uploadId").asString() + "/content", token,
                "image/jpeg", bytes);
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        return done.json().get("id").asString();
    }

    /**
     * How many times a job started working on the asset, on any instance: the processor logs
     * {@code Processing asset <id>} once per run that found the asset still unprocessed.
     */
    private int processingRuns(String assetId) throws IOException {
        String line = "\"message\":\"Processing asset " + assetId + "\"";
        int runs = 0;
        for (int i = 0; i < servers.size(); i++) {
            try (Stream<String> lines = Files.lines(dataDir.resolve("server-" + i + ".log"))) {
                runs += (int) lines.filter(l -> l.contains(line)).count();
            }
        }
        return runs;
    }

    private void awaitPicked(String assetId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (count("select count(*) from scheduled_tasks where task_instance = ? and picked", assetId) == 1) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the job was never picked");
    }

    private void awaitRunLogged(String assetId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (processingRuns(assetId) == 1) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the picked job never started processing");
    }

    private JsonNode awaitProcessed(String token, String assetId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonNode asset = null;
        while (System.nanoTime() < deadline) {
            Http.Response r = api.get("/v1/assets/" + assetId, token);
            if (r.status() == 200) {
                asset = r.json();
                if (!asset.get("state").asString().equals("AVAILABLE")) {
                    return asset;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not processed after restart: " + asset);
    }

    private String state(String assetId) throws SQLException {
        return single("select state from assets where id = ?", assetId);
    }

    private String objectKey(String assetId) throws SQLException {
        return single("select object_key from assets where id = ?", assetId);
    }

    private long count(String sql, String param) throws SQLException {
        return Long.parseLong(single(sql, param));
    }

    private String single(String sql, String param) throws SQLException {
        try (Connection c = DriverManager.getConnection(dbUrl, TestDatabases.pgUser(), "");
             var s = c.prepareStatement(sql)) {
            s.setString(1, param);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static String fileName(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    private static Path tempDir() {
        return TempDirs.create("assetgate-crash");
    }
}
