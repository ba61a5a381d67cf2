package io.assetgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.assetgate.client.support.FaultyProxy;
import io.assetgate.client.support.Media;
import io.assetgate.client.support.ServerProcess;

/**
 * MULTIPART uploads against the real server: 5 MiB parts from 6 MB up, signed part URLs that
 * live 3 s, the store behind a faulty proxy.
 */
class MultipartUploadTest {

    private static final long MIB = 1024 * 1024;
    private static final Pattern PART = Pattern.compile("PUT /store/\\S*[?&]part=(\\d+)");

    static FaultyProxy proxy;
    static ServerProcess server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() {
        int port = ServerProcess.freePort();
        proxy = new FaultyProxy(port);
        server = ServerProcess.start(Map.of("server.port", String.valueOf(port), "assetgate.public-url", proxy.url(),
                "assetgate.upload.multipart-threshold", "6MB", "assetgate.upload.part-size", "5MB",
                "assetgate.upload.url-ttl", "3s"));
    }

    @AfterEach
    void clearFaults() {
        proxy.clearFaults();
    }

    @AfterAll
    static void stopServer() {
        server.close();
        proxy.close();
    }

    @Test
    void sendsPartsInParallelAndAssemblesTheFile() throws Exception {
        Path file = Media.jpeg(dir, "video-ish.jpg", 23 * MIB + 12345, 1);
        // Each part is held 400 ms at the proxy, so parts sent in parallel overlap there.
        proxy.stallNext(PART.asPredicate(), 5, Duration.ofMillis(400));
        List<UploadInfo> created = new CopyOnWriteArrayList<>();
        List<ProgressListener.Progress> progress = new CopyOnWriteArrayList<>();
        int mark = proxy.requests().size();
        try (AssetgateClient client = client(4)) {
            Asset asset = client.upload(file, UploadOptions.defaults().withOnCreated(created::add)
                    .withProgress(progress::add));

            assertThat(created.getFirst().mode()).isEqualTo("MULTIPART");
            assertThat(created.getFirst().partCount()).isEqualTo(5);
            assertThat(asset.state()).isEqualTo("AVAILABLE");
            assertThat(asset.size()).isEqualTo(Files.size(file));
            assertThat(partsSentSince(mark)).containsOnlyKeys(1, 2, 3, 4, 5).containsValues(1);
            assertThat(proxy.mostConcurrentRequests()).isGreaterThan(1);
            assertThat(progress).last().satisfies(p -> assertThat(p.bytesSent()).isEqualTo(Files.size(file)));
            Path copy = client.download(asset.id(), null, dir.resolve("copy.jpg"));
            assertThat(Files.mismatch(file, copy)).isEqualTo(-1);
        }
    }

    @Test
    void aPartFailingTwiceIsSentAgainAloneAndTheUploadSucceeds() {
        Path file = Media.jpeg(dir, "flaky.jpg", 12 * MIB, 2);
        proxy.resetNext(line -> line.matches("PUT /store/\\S*[?&]part=2(&\\S*)? HTTP/1.1"), 2);
        int mark = proxy.requests().size();
        try (AssetgateClient client = client(3)) {
            Asset asset = client.upload(file);

            assertThat(asset.state()).isEqualTo("AVAILABLE");
        }
        Map<Integer, Integer> sends = partsSentSince(mark);
        assertThat(sends).containsEntry(1, 1).containsEntry(2, 3).containsEntry(3, 1);
    }

    @Test
    void aPartCorruptedOnTheWayIsCaughtByTheChecksumComputedWhileSending() {
        Path file = Media.jpeg(dir, "corrupted.jpg", 12 * MIB, 6);
        proxy.corruptNext(line -> line.matches("PUT /store/\\S*[?&]part=2(&\\S*)? HTTP/1.1"), 1);
        try (AssetgateClient client = client(3)) {
            assertThatThrownBy(() -> client.upload(file))
                    .isInstanceOfSatisfying(AssetgateException.class, e -> {
                        assertThat(e.code()).isEqualTo("INTEGRITY_MISMATCH");
                        assertThat(e.getMessage()).contains("part 2");
                    });
        } finally {
            proxy.clearFaults();
        }
    }

    @Test
    void continuesWithFreshUrlsWhenThePartUrlsExpireMidUpload() {
        Path file = Media.jpeg(dir, "slow.jpg", 12 * MIB, 3);
        // Part 3 is held back until its URL (3 s) has expired: the store refuses it with 403.
        proxy.stallNext(line -> line.matches("PUT /store/\\S*[?&]part=3(&\\S*)? HTTP/1.1"), 1, Duration.ofSeconds(4));
        int mark = proxy.requests().size();
        try (AssetgateClient client = client(1)) {
            Asset asset = client.upload(file);

            assertThat(asset.state()).isEqualTo("AVAILABLE");
        }
        assertThat(partsSentSince(mark)).containsEntry(1, 1).containsEntry(2, 1).containsEntry(3, 2);
    }

    @Test
    void resumesAfterACrashWithoutSendingStoredPartsAgain() throws Exception {
        Path file = Media.jpeg(dir, "resumed.jpg", 18 * MIB, 4);
        List<UploadInfo> created = new CopyOnWriteArrayList<>();
        int mark = proxy.requests().size();
        // The first run dies for good on part 3: every attempt is reset.
        proxy.resetNext(line -> line.matches("PUT /store/\\S*[?&]part=3(&\\S*)? HTTP/1.1"), 100);
        try (AssetgateClient client = AssetgateClient.builder().baseUrl(server.url())
                .tokenProvider(server.serviceTokens()).partConcurrency(1)
                .retryPolicy(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20))).build()) {
            try {
                client.upload(file, UploadOptions.defaults().withOnCreated(created::add));
            } catch (AssetgateException expected) {
                assertThat(expected.isRetryable()).isTrue();
            }
        }
        proxy.clearFaults();
        String uploadId = created.getFirst().uploadId();
        Map<Integer, Integer> before = partsSentSince(mark);
        try (AssetgateClient restarted = client(2)) {
            assertThat(restarted.getUpload(uploadId).parts()).extracting(UploadInfo.StoredPart::partNumber)
                    .contains(1, 2);

            Asset asset = restarted.resume(uploadId, file, UploadOptions.defaults());

            assertThat(asset.state()).isEqualTo("AVAILABLE");
            Path copy = restarted.download(asset.id(), null, dir.resolve("copy.jpg"));
            assertThat(Files.mismatch(file, copy)).isEqualTo(-1);
        }
        Map<Integer, Integer> after = partsSentSince(mark);
        // The resumed run sent what was missing (URLs live 3 s here, so a part may go twice); never 1 or 2.
        assertThat(after.get(1)).isEqualTo(before.get(1));
        assertThat(after.get(2)).isEqualTo(before.get(2));
        assertThat(after.get(3) - before.get(3)).isPositive();
    }

    @Test
    void declaresASingleUploadAgainWhenItExpiredBeforeItsBytesArrived() {
        Path file = Media.jpeg(dir, "late.jpg", 100_000, 5);
        // The one PUT is held until the upload (3 s, like its URL) has expired.
        proxy.stallNext(line -> line.startsWith("PUT /store/") && !line.contains("part="), 1, Duration.ofSeconds(4));
        List<UploadInfo> created = new CopyOnWriteArrayList<>();
        try (AssetgateClient client = client(1)) {
            Asset asset = client.upload(file, UploadOptions.defaults().withOnCreated(created::add));

            assertThat(asset.state()).isEqualTo("AVAILABLE");
            assertThat(created).extracting(UploadInfo::mode).containsExactly("SINGLE", "SINGLE");
            assertThat(created.get(1).uploadId()).isNotEqualTo(created.get(0).uploadId());
            assertThat(UploadQueueTest.filenames(client)).containsEntry("late.jpg", 1L);
        }
    }

    private AssetgateClient client(int concurrency) {
        return AssetgateClient.builder().baseUrl(server.url()).tokenProvider(server.serviceTokens())
                .partConcurrency(concurrency)
                .retryPolicy(new RetryPolicy(5, Duration.ofMillis(20), Duration.ofMillis(200))).build();
    }

    /** How many times each part number went through the proxy since request number {@code mark}. */
    private static Map<Integer, Integer> partsSentSince(int mark) {
        Map<Integer, Integer> counts = new ConcurrentHashMap<>();
        List<String> all = proxy.requests();
        for (String line : all.subList(mark, all.size())) {
            Matcher m = PART.matcher(line);
            if (m.find()) {
                counts.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
            }
        }
        return counts;
    }
}
