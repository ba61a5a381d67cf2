package io.assetgate.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.assetgate.client.Asset;
import io.assetgate.client.AssetgateClient;
import io.assetgate.client.RetryPolicy;
import io.assetgate.client.UploadOptions;
import io.assetgate.server.support.Http;
import io.assetgate.server.support.PrivatePostgres;
import io.assetgate.server.support.S3ProxyServer;
import io.assetgate.server.support.ServerCluster;
import io.assetgate.server.support.StoppableIdp;
import io.assetgate.server.support.TempDirs;
import io.assetgate.server.support.TestFiles;
import tools.jackson.databind.JsonNode;

/**
 * Three nodes of the real server jar behind HAProxy (round robin, no stickiness, readiness
 * checks), on one PostgreSQL cluster, one S3Proxy bucket and one OIDC provider, each of the
 * test's own so that it can stop them for real. One cluster serves the class; each step leaves
 * it whole for the next, so they run in order. Fault windows are {@value #OUTAGE_SECONDS} s
 * here ({@code -Dassetgate.cluster.outage-seconds}); {@code bench/cluster.sh} runs the full ones.
 * A node is killed under a hundred uploads twice: from the Java client, and from the TypeScript
 * SDK in Node ({@code bench/cluster-kill-sdk.mjs}, built with the server's js workspace).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final int OUTAGE_SECONDS = 10;
    private static final Duration OUTAGE = Duration.ofSeconds(
            Long.getLong("assetgate.cluster.outage-seconds", OUTAGE_SECONDS));
    private static final Duration SOAK = Duration.ofSeconds(Long.getLong("assetgate.cluster.soak-seconds", 120));
    private static final String SCOPES = "assets:read assets:write";
    /** The client waits out outages, also the full-length ones: a few minutes of retries, at most 2 s apart. */
    private static final RetryPolicy PATIENT = new RetryPolicy(200, Duration.ofMillis(200), Duration.ofSeconds(2));

    private final PrivatePostgres pg = PrivatePostgres.start();
    private final S3ProxyServer s3 = S3ProxyServer.startDedicated();
    private final String bucket = s3.newBucket();
    private final StoppableIdp idp = new StoppableIdp();
    private final ServerCluster cluster = ServerCluster.start(3, settings());
    private final Path files = TempDirs.create("cluster-files");

    private Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>(s3.settings(bucket));
        settings.put("spring.datasource.url", pg.jdbcUrl());
        settings.put("spring.datasource.username", "postgres");
        settings.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", idp.issuerUrl());
        // The key cache expires within the outage, so that step shows the outage tolerance.
        settings.put("assetgate.security.jwks.cache-ttl", "3s");
        settings.put("assetgate.security.jwks.refresh-min-interval", "2s");
        settings.put("assetgate.limits.uploads-per-minute", "0");
        settings.put("assetgate.reconciler.interval", "2s");
        settings.put("assetgate.reconciler.grace", "1s");
        settings.put("assetgate.reconciler.orphan-grace", "5s");
        // A killed node's jobs run again once its heartbeat is missed.
        settings.put("assetgate.processing.polling-interval", "200ms");
        settings.put("assetgate.processing.heartbeat-interval", "1s");
        return settings;
    }

    @AfterAll
    void stop() {
        cluster.close();
        idp.close();
        s3.stop();
        pg.close();
    }

    @Test
    @Order(1)
    void uploadMovesBetweenNodesEventsReachAnyNodeAndPeriodicWorkRunsOnce() throws Exception {
        String token = idp.token("cluster-owner", SCOPES);
        byte[] photo = TestFiles.jpeg(320, 240);
        try (EventLines events = EventLines.open(cluster.node(0).base(), token)) {
            JsonNode created = cluster.node(1).post("/v1/uploads", token, declaration("moving.jpg", photo)).json();
            Map<String, String> headers = new HashMap<>();
            created.get("target").get("headers").properties()
                    .forEach(e -> headers.put(e.getKey(), e.getValue().asString()));
            assertThat(Http.put(created.get("target").get("url").asString(), headers, photo).status()).isEqualTo(200);
            Http.Response done = cluster.node(2).post(
                    "/v1/uploads/" + created.get("uploadId").asString() + "/complete", token, null);
            assertThat(done.status()).as(done.toString()).isEqualTo(200);
            String assetId = done.json().get("id").asString();

            events.await(assetId, "asset.ready");
            assertThat(processingRuns(assetId)).as("processing runs of the asset, on all nodes").isEqualTo(1);
            assertThat(count("select count(*) from asset_events where asset_id = ? and type = 'asset.ready'",
                    assetId)).isEqualTo(1);
        }

        // An object no record wants, as a crash between writing and recording leaves one.
        Path orphan = s3.bucketDir(bucket).resolve("assets/0rphan00/left-behind");
        Files.createDirectories(orphan.getParent());
        Files.write(orphan, TestFiles.random(100));
        Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        await("the reconciler deletes the orphan", Duration.ofSeconds(60), () -> !Files.exists(orphan));
        await("the deleting run reports", Duration.ofSeconds(30), () -> cluster.countInLogs("orphansDeleted=1") > 0);
        // Every node schedules the reconciler every 2 s; the database lock lets one run at a time,
        // so the orphan is deleted and counted once. Without it, runs overlapping on two nodes
        // would each list and delete it, and each report it. Once a later run has taken the
        // lock, any run that overlapped the first has reported too.
        String lastRun = rows("select locked_at from shedlock where name = 'upload-reconciler'", null).getFirst()[0];
        await("a later reconciler run", Duration.ofSeconds(60), () -> !lastRun.equals(
                rows("select locked_at from shedlock where name = 'upload-reconciler'", null).getFirst()[0]));
        assertThat(cluster.countInLogs("orphansDeleted=1")).as("reconciler runs that deleted the orphan").isEqualTo(1);
    }

    @Test
    @Order(2)
    void killedNodeLosesNoneOfAHundredUploadsInFlight() throws Exception {
        String token = idp.token("kill-owner", SCOPES);
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Path file = files.resolve("kill-" + i + ".jpg");
            Files.write(file, TestFiles.jpeg(200 + i, 150));
            paths.add(file);
        }
        AtomicInteger created = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        List<Future<Asset>> results = new ArrayList<>();
        int finishedAtKill;
        try (AssetgateClient client = client(token);
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Path file : paths) {
                results.add(pool.submit(() -> {
                    Asset asset = client.upload(file, UploadOptions.defaults().withOnCreated(u -> created.incrementAndGet()));
                    finished.incrementAndGet();
                    return asset;
                }));
            }
            await("a quarter of the uploads created", Duration.ofSeconds(120), () -> created.get() >= 25);
            cluster.kill(1);
            finishedAtKill = finished.get();
            for (Future<Asset> result : results) {
                result.get(5, TimeUnit.MINUTES);
            }
        }
        assertThat(finishedAtKill).as("uploads still in flight when the node died").isLessThan(100);
        CompletableFuture<Void> restarted = CompletableFuture.runAsync(() -> cluster.restart(1));
        assertEachFileStoredOnceAndProcessed("kill-owner", paths);
        restarted.join();
        // No orphan after the reconciler's passes: the store holds exactly what records want.
        await("the store holds only recorded objects", Duration.ofSeconds(60), () -> storedKeys().equals(wantedKeys()));
    }

    @Test
    @Order(3)
    void killedNodeLosesNoneOfAHundredUploadsInFlightFromTheTypeScriptSdk() throws Exception {
        Path driver = Path.of("..", "bench", "cluster-kill-sdk.mjs").toAbsolutePath().normalize();
        assertThat(Path.of("..", "js", "client", "dist", "node", "index.js"))
                .as("the TypeScript SDK, built with the server unless -Djs.skip=true "
                        + "(cd js && npm ci && npm run build -w @assetgate/client)").isRegularFile();
        Path folder = Files.createDirectories(files.resolve("sdk"));
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Path file = folder.resolve(String.format("sdk-%03d.jpg", i));
            Files.write(file, TestFiles.jpeg(200 + i, 160));
            paths.add(file);
        }
        // The driver kills node 1 itself once a quarter are created, and checks each file's
        // asset and downloaded bytes through the balancer (bench/cluster.sh kill N sdk runs it too).
        Path log = files.resolve("sdk-kill.log");
        ProcessBuilder node = new ProcessBuilder("node", driver.toString(), cluster.url(), folder.toString(),
                Long.toString(cluster.process(1).pid())).redirectErrorStream(true).redirectOutput(log.toFile());
        node.environment().put("ASSETGATE_TOKEN", idp.token("sdk-kill-owner", SCOPES));
        Process sdk = TempDirs.stopOnExit(node.start());
        boolean ended = sdk.waitFor(6, TimeUnit.MINUTES);
        if (!ended) {
            sdk.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.print(output);
        boolean killed = !cluster.process(1).isAlive();
        // Node 1 comes back whatever the outcome, so that a failure here leaves the later steps a whole cluster.
        CompletableFuture<Void> restarted = CompletableFuture.runAsync(() -> {
            if (!cluster.process(1).isAlive()) {
                cluster.restart(1);
            }
        });
        try {
            assertThat(ended && sdk.exitValue() == 0).as("the SDK's uploads:%n%s", output).isTrue();
            assertThat(killed).as("node 1 killed by the driver").isTrue();
            assertEachFileStoredOnceAndProcessed("sdk-kill-owner", paths);
        } finally {
            restarted.join();
        }
        await("the store holds only recorded objects", Duration.ofSeconds(60), () -> storedKeys().equals(wantedKeys()));
    }

    @Test
    @Order(4)
    void databaseRestartIsAnswered503WithRetryAfterAndTheNodesRecover() throws Exception {
        String token = idp.token("db-owner", SCOPES);
        byte[] photo = TestFiles.jpeg(64, 64);
        ConcurrentLinkedQueue<Http.Response> answers = new ConcurrentLinkedQueue<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        List<Thread> load = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            load.add(Thread.ofVirtual().start(() -> {
                while (loading.get()) {
                    answers.add(cluster.api().post("/v1/uploads", token, declaration("db.jpg", photo)));
                }
            }));
        }
        await("load running", Duration.ofSeconds(30), () -> answers.size() >= 20);
        pg.stop();
        Instant stopped = Instant.now();
        await("answers while the database is down", Duration.ofSeconds(60), () -> answers.stream()
                .filter(a -> a.status() == 503).count() >= 4);
        sleepUntil(stopped.plus(OUTAGE));
        pg.resume();
        // Each node on its own, as clients would through the balancer.
        for (int i = 0; i < cluster.size(); i++) {
            Http node = cluster.node(i);
            await("node " + i + " creates again", Duration.ofSeconds(60),
                    () -> node.post("/v1/uploads", token, declaration("db.jpg", photo)).status() == 201);
        }
        loading.set(false);
        for (Thread t : load) {
            t.join();
        }

        for (Http.Response answer : answers) {
            if (answer.status() != 201) {
                assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
                assertThat(answer.code()).isEqualTo("DATABASE_UNAVAILABLE");
                assertThat(answer.header("Retry-After")).isNotBlank();
                assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            }
        }
    }

    @Test
    @Order(5)
    void storeOutageIsAnswered503AndClientsFinishAfterwards() throws Exception {
        String token = idp.token("store-owner", SCOPES);
        byte[] waiting = TestFiles.jpeg(100, 90);
        JsonNode prepared = cluster.api().post("/v1/uploads", token, declaration("before.jpg", waiting)).json();
        Map<String, String> headers = new HashMap<>();
        prepared.get("target").get("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asString()));
        assertThat(Http.put(prepared.get("target").get("url").asString(), headers, waiting).status()).isEqualTo(200);
        String path = "/v1/uploads/" + prepared.get("uploadId").asString();

        s3.stop();
        Instant stopped = Instant.now();
        List<Future<Asset>> uploads = new ArrayList<>();
        try (AssetgateClient client = client(token);
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 10; i++) {
                Path file = files.resolve("store-" + i + ".jpg");
                Files.write(file, TestFiles.jpeg(120 + i, 100));
                uploads.add(pool.submit(() -> client.upload(file)));
            }
            for (int i = 0; i < cluster.size(); i++) {
                Http.Response failed = cluster.api().post(path + "/complete", token, null);
                assertThat(failed.status()).as(failed.toString()).isEqualTo(503);
                assertThat(failed.code()).isEqualTo("STORAGE_UNAVAILABLE");
                assertThat(failed.header("Retry-After")).isNotBlank();
            }
            assertThat(cluster.api().get(path, token).json().get("state").asString()).isEqualTo("PENDING");
            sleepUntil(stopped.plus(OUTAGE));
            assertThat(uploads).as("no upload finishes while the store is down").noneMatch(Future::isDone);
            s3.resume();
            for (Future<Asset> upload : uploads) {
                assertThat(upload.get(3, TimeUnit.MINUTES).state()).isIn("AVAILABLE", "READY");
            }
        }
        assertThat(cluster.api().post(path + "/complete", token, null).status()).isEqualTo(200);

        // Nothing half-written is recorded as complete: every recorded object is whole.
        List<String[]> assets = rows("select id, checksum, object_key from assets where owner_subject = ?"
                + " and state in ('AVAILABLE', 'READY')", "store-owner");
        assertThat(assets).hasSize(11);
        for (String[] asset : assets) {
            byte[] stored = Files.readAllBytes(s3.bucketDir(bucket).resolve(asset[2]));
            assertThat(TestFiles.sha256(stored)).as("stored bytes of %s", asset[0]).isEqualTo(asset[1]);
        }
    }

    @Test
    @Order(6)
    void identityProviderOutageKeepsKnownKeysAndNewKeysAreFetchedWhenItIsBack() throws Exception {
        String seen = idp.token("idp-owner", SCOPES);
        String unused = idp.token("idp-owner", SCOPES);
        for (int i = 0; i < cluster.size(); i++) {
            assertThat(cluster.node(i).get("/v1/assets", seen).status()).as("node %s", i).isEqualTo(200);
        }

        idp.stop();
        Instant stopped = Instant.now();
        // Past the key cache's 3 s: the last keys fetched are what answers now.
        sleepUntil(stopped.plus(Duration.ofSeconds(4)));
        do {
            for (int i = 0; i < cluster.size(); i++) {
                assertThat(cluster.node(i).get("/v1/assets", seen).status()).as("node %s", i).isEqualTo(200);
                assertThat(cluster.node(i).get("/v1/assets", unused).status()).as("node %s", i).isEqualTo(200);
            }
            for (int i = 0; i < 6; i++) {
                assertThat(cluster.api().get("/v1/assets", seen).status()).isEqualTo(200);
            }
            Thread.sleep(1000);
        } while (Instant.now().isBefore(stopped.plus(OUTAGE)));

        idp.rotateKey();
        idp.resume();
        String rotated = idp.token("idp-owner", SCOPES);
        for (int i = 0; i < cluster.size(); i++) {
            Http node = cluster.node(i);
            await("node " + i + " fetches the new key", Duration.ofSeconds(30),
                    () -> node.get("/v1/assets", rotated).status() == 200);
        }
    }

    @Test
    @Order(7)
    void sigtermFinishesTheRequestsInFlight() throws Exception {
        String token = idp.token("term-owner", SCOPES);
        int victim = 2;
        Http node = cluster.node(victim);
        List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        AtomicInteger reading = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            byte[] photo = TestFiles.jpeg(400 + i, 300);
            JsonNode upload = node.post("/v1/uploads", token, declaration("slow.jpg", photo)).json();
            HttpRequest put = HttpRequest.newBuilder(URI.create(node.base() + "/v1/uploads/"
                            + upload.get("uploadId").asString() + "/content"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "image/jpeg")
                    .PUT(HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(() -> new Dribble(photo, reading)), photo.length))
                    .build();
            slow.add(http.sendAsync(put, HttpResponse.BodyHandlers.ofString()));
        }
        await("bodies arriving", Duration.ofSeconds(30), () -> reading.get() >= 3);

        CompletableFuture<Integer> exited = cluster.terminate(victim);
        // Through the balancer, others' requests meanwhile go to the remaining nodes.
        List<Integer> meanwhile = new ArrayList<>();
        while (!exited.isDone()) {
            meanwhile.add(cluster.api().get("/v1/assets", token).status());
            Thread.sleep(50);
        }
        for (CompletableFuture<HttpResponse<String>> put : slow) {
            HttpResponse<String> answer = put.get(60, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        }
        assertThat(exited.get(60, TimeUnit.SECONDS)).as("exit code after SIGTERM").isIn(0, 143);
        assertThat(meanwhile).isNotEmpty().containsOnly(200);
        assertThat(count("select count(*) from assets where owner_subject = ? and state in ('AVAILABLE', 'READY')",
                "term-owner")).isEqualTo(3);
        cluster.restart(victim);
    }

    @Test
    @Order(8)
    void soakKeepsMemoryFlatWithoutErrors() throws Exception {
        String token = idp.token("soak-owner", SCOPES);
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        AtomicInteger done = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> workers = new ArrayList<>();
        // Paced, not flat out: a soak is about time at a steady rate, well under the maximum.
        for (int w = 0; w < 4; w++) {
            int worker = w;
            workers.add(Thread.ofVirtual().start(() -> {
                int i = 0;
                while (running.get()) {
                    long start = System.nanoTime();
                    try {
                        soakUpload(token, TestFiles.jpeg(64 + worker, 48 + (i++ % 200)));
                        done.incrementAndGet();
                    } catch (RuntimeException | AssertionError e) {
                        errors.add(e.toString());
                    }
                    long left = 400 - (System.nanoTime() - start) / 1_000_000;
                    if (left > 0) {
                        try {
                            Thread.sleep(left);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }));
        }
        List<long[]> samples = new ArrayList<>();
        Instant end = Instant.now().plus(SOAK);
        while (Instant.now().isBefore(end)) {
            Thread.sleep(10_000);
            long[] rss = new long[cluster.size()];
            for (int i = 0; i < rss.length; i++) {
                rss[i] = cluster.rssKb(i);
            }
            samples.add(rss);
            System.out.printf("soak: %d uploads, RSS kB %s%n", done.get(), java.util.Arrays.toString(rss));
        }
        running.set(false);
        for (Thread t : workers) {
            t.join();
        }

        assertThat(errors).as("errors during the soak").isEmpty();
        assertThat(done.get()).as("uploads in the soak").isGreaterThan((int) SOAK.toSeconds());
        // Flat: the last third's peak stays near the middle third's, beyond the heap settling.
        int third = samples.size() / 3;
        for (int i = 0; i < cluster.size(); i++) {
            int node = i;
            long middle = samples.subList(third, 2 * third).stream().mapToLong(s -> s[node]).max().orElseThrow();
            long last = samples.subList(2 * third, samples.size()).stream().mapToLong(s -> s[node]).max().orElseThrow();
            assertThat(last).as("node %s RSS (kB), last third against the middle one", node)
                    .isLessThanOrEqualTo(middle * 5 / 4 + 32 * 1024);
        }
    }

    /**
     * Each file of {@code paths} is one asset of {@code owner}, stored with its bytes from one
     * COMPLETED upload, and processed to READY exactly once.
     */
    private void assertEachFileStoredOnceAndProcessed(String owner, List<Path> paths) throws Exception {
        Map<String, Path> byChecksum = new HashMap<>();
        for (Path file : paths) {
            byChecksum.put(TestFiles.sha256(Files.readAllBytes(file)), file);
        }
        List<String[]> assets = rows("select id, checksum, object_key from assets where owner_subject = ?",
                owner);
        assertThat(assets).as("one asset per file").hasSize(paths.size());
        assertThat(assets.stream().map(a -> a[1]).distinct()).containsExactlyInAnyOrderElementsOf(byChecksum.keySet());
        assertThat(count("select count(*) from uploads where owner_subject = ? and state = 'COMPLETED'", owner))
                .isEqualTo(paths.size());
        assertThat(count("select count(*) from uploads where owner_subject = ?", owner))
                .as("no second upload of any file").isEqualTo(paths.size());
        for (String[] asset : assets) {
            assertThat(s3.bucketDir(bucket).resolve(asset[2])).as("stored bytes of %s", asset[0])
                    .hasSameBinaryContentAs(byChecksum.get(asset[1]));
        }
        // The dead node's picked jobs run again elsewhere; each asset is processed to the end once.
        await("every asset processed", Duration.ofSeconds(180), () -> count(
                "select count(*) from assets where owner_subject = ? and state = 'READY'", owner) == paths.size());
        for (String[] asset : assets) {
            assertThat(count("select count(*) from asset_events where asset_id = ? and type = 'asset.ready'", asset[0]))
                    .isEqualTo(1);
        }
    }

    private void soakUpload(String token, byte[] photo) {
        Http api = cluster.api();
        Http.Response created = api.post("/v1/uploads", token, declaration("soak.jpg", photo));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode target = created.json().get("target");
        Map<String, String> headers = new HashMap<>();
        target.get("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asString()));
        Http.Response put = Http.put(target.get("url").asString(), headers, photo);
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        Http.Response done = api.post("/v1/uploads/" + created.json().get("uploadId").asString() + "/complete",
                token, null);
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
    }

    private AssetgateClient client(String token) {
        return AssetgateClient.builder().baseUrl(cluster.url()).token(token).retryPolicy(PATIENT).build();
    }

    private static Map<String, Object> declaration(String filename, byte[] bytes) {
        return Map.of("filename", filename, "contentType", "image/jpeg", "size", bytes.length,
                "checksum", TestFiles.sha256(bytes));
    }

    private long processingRuns(String assetId) {
        return cluster.countInLogs("\"message\":\"Processing asset " + assetId + "\"");
    }

    /** The keys the store holds under the originals' prefix. */
    private Set<String> storedKeys() {
        Path root = s3.bucketDir(bucket);
        try (Stream<Path> all = Files.walk(root.resolve("assets"))) {
            Set<String> keys = new HashSet<>();
            all.filter(Files::isRegularFile).forEach(p -> keys.add(root.relativize(p).toString()));
            return keys;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The keys the records want: each stored asset's original and its variants. */
    private Set<String> wantedKeys() {
        Set<String> keys = new HashSet<>();
        rows("select object_key from assets where state in ('AVAILABLE', 'READY')", null).forEach(r -> keys.add(r[0]));
        rows("select a.object_key || '~' || v.name from asset_variants v join assets a on a.id = v.asset_id", null)
                .forEach(r -> keys.add(r[0]));
        return keys;
    }

    private long count(String sql, String param) {
        return Long.parseLong(rows(sql, param).getFirst()[0]);
    }

    private List<String[]> rows(String sql, String param) {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), "postgres", "");
             PreparedStatement s = c.prepareStatement(sql)) {
            if (param != null) {
                s.setString(1, param);
            }
            try (ResultSet rs = s.executeQuery()) {
                List<String[]> rows = new ArrayList<>();
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    String[] row = new String[columns];
                    for (int i = 0; i < columns; i++) {
                        row[i] = rs.getString(i + 1);
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
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

    /** Waits out a deliberate fault window. */
    private static void sleepUntil(Instant when) throws InterruptedException {
        long left = Duration.between(Instant.now(), when).toMillis();
        if (left > 0) {
            Thread.sleep(left);
        }
    }

    /** A request body sent over about three seconds, counting requests whose body has started. */
    private static final class Dribble extends InputStream {

        private final byte[] bytes;
        private final AtomicInteger started;
        private final long pauseMillis;
        private int position;

        Dribble(byte[] bytes, AtomicInteger started) {
            this.bytes = bytes;
            this.started = started;
            this.pauseMillis = 3000 / Math.max(1, bytes.length / 4096);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= bytes.length) {
                return -1;
            }
            if (position == 0) {
                started.incrementAndGet();
            } else {
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int n = Math.min(Math.min(len, 4096), bytes.length - position);
            System.arraycopy(bytes, position, b, off, n);
            position += n;
            return n;
        }
    }

    /** An open {@code GET /v1/events} stream, read line by line. */
    private static final class EventLines implements AutoCloseable {

        private final HttpClient client = HttpClient.newHttpClient();
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        static EventLines open(String base, String token) throws Exception {
            EventLines events = new EventLines();
            HttpResponse<Stream<String>> response = events.client.send(HttpRequest.newBuilder(URI.create(base + "/v1/events"))
                    .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            Thread.ofVirtual().start(() -> {
                try {
                    response.body().forEach(events.lines::add);
                } catch (java.io.UncheckedIOException closed) {
                    // the test closed the stream
                }
            });
            return events;
        }

        /** Waits until an event of {@code type} names the asset in its data. */
        void await(String assetId, String type) throws InterruptedException {
            List<String> seen = new ArrayList<>();
            String event = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(500, TimeUnit.MILLISECONDS);
                if (line != null) {
                    seen.add(line);
                    if (line.startsWith("event:")) {
                        event = line.substring("event:".length()).strip();
                    } else if (line.isEmpty()) {
                        event = "";
                    } else if (line.startsWith("data:") && event.equals(type) && line.contains(assetId)) {
                        return;
                    }
                }
            }
            throw new AssertionError("no " + type + " for " + assetId + " on the stream; saw " + seen);
        }

        @Override
        public void close() {
            client.shutdownNow();
        }
    }
}
