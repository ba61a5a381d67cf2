package io.assetgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.assetgate.client.support.FaultyProxy;
import io.assetgate.client.support.Media;
import io.assetgate.client.support.ServerProcess;

/** Single-mode uploads through the library against the real server, its store behind a faulty proxy. */
class UploadTest {

    static FaultyProxy proxy;
    static ServerProcess server;
    static AssetgateClient client;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() {
        int port = ServerProcess.freePort();
        proxy = new FaultyProxy(port);
        // Signed links point at the proxy, so every store request passes through it.
        server = ServerProcess.start(Map.of("server.port", String.valueOf(port), "assetgate.public-url", proxy.url()));
        client = AssetgateClient.builder().baseUrl(server.url()).tokenProvider(server.serviceTokens())
                .retryPolicy(new RetryPolicy(5, java.time.Duration.ofMillis(50), java.time.Duration.ofMillis(500)))
                .build();
    }

    @AfterEach
    void clearFaults() {
        proxy.clearFaults();
    }

    @AfterAll
    static void stopServer() {
        client.close();
        server.close();
        proxy.close();
    }

    @Test
    void uploadsAFileAndAnswersTheVerifiedAssetWithProgress() throws Exception {
        Path file = Media.jpeg(dir, "photo.jpg", 300_000, 1);
        List<ProgressListener.Progress> progress = new CopyOnWriteArrayList<>();

        Asset asset = client.upload(file, UploadOptions.defaults().withProgress(progress::add));

        assertThat(asset.state()).isEqualTo("AVAILABLE");
        assertThat(asset.filename()).isEqualTo("photo.jpg");
        assertThat(asset.contentType()).isEqualTo("image/jpeg");
        assertThat(asset.size()).isEqualTo(300_000);
        assertThat(asset.checksum()).isEqualTo(Checksums.of(file, 0, Files.size(file), "sha256", new Cancellation()));
        assertThat(progress).last().satisfies(p -> assertThat(p.bytesSent()).isEqualTo(300_000));
        Path copy = client.download(asset.id(), null, dir.resolve("copy.jpg"));
        assertThat(Files.mismatch(file, copy)).isEqualTo(-1);
    }

    @Test
    void declaresTheChecksumByDefaultSoTheSignedUrlBindsIt() throws Exception {
        Path file = Media.jpeg(dir, "declared.jpg", 120_000, 7);
        List<UploadInfo> created = new CopyOnWriteArrayList<>();

        Asset asset = client.upload(file, UploadOptions.defaults().withOnCreated(created::add));

        String sha256 = Checksums.of(file, 0, Files.size(file), "sha256", new Cancellation());
        assertThat(created).singleElement().satisfies(u -> {
            assertThat(u.checksum()).isEqualTo(sha256);
            assertThat(u.target().headers()).containsEntry("X-Checksum-Sha256", sha256.substring("sha256:".length()));
        });
        assertThat(asset.checksum()).isEqualTo(sha256);
    }

    @Test
    void streamingChecksumDeclaresNothingAndGivesTheChecksumAtComplete() throws Exception {
        Path file = Media.jpeg(dir, "streamed.jpg", 120_000, 8);
        List<UploadInfo> created = new CopyOnWriteArrayList<>();

        Asset asset = client.upload(file, UploadOptions.defaults().withStreamingChecksum(true)
                .withOnCreated(created::add));

        assertThat(created).singleElement().satisfies(u -> assertThat(u.checksum()).isNull());
        assertThat(asset.checksum()).isEqualTo(Checksums.of(file, 0, Files.size(file), "sha256", new Cancellation()));
    }

    @Test
    void reusingADuplicateAnswersTheExistingAssetAndSendsNoBytes() {
        Path file = Media.jpeg(dir, "again.jpg", 120_000, 21);
        UploadOptions reuse = UploadOptions.defaults().withReuseDuplicates(true);
        Asset first = client.upload(file, reuse);
        long putsBefore = puts();

        Asset second = client.upload(file, reuse.withFilename("again (1).jpg"));

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.filename()).isEqualTo("again.jpg");
        assertThat(puts()).isEqualTo(putsBefore);
        // Without the option, the same bytes are a new upload.
        assertThat(client.upload(file).id()).isNotEqualTo(first.id());
        assertThat(puts()).isEqualTo(putsBefore + 1);
    }

    private static long puts() {
        return proxy.requests().stream().filter(line -> line.startsWith("PUT /store/")).count();
    }

    @Test
    void bytesCorruptedOnTheWayAreRefusedAtCompleteAndNothingIsKept() {
        Path file = Media.jpeg(dir, "corrupted.jpg", 200_000, 3);
        proxy.corruptNext(line -> line.startsWith("PUT /store/"), 1);

        assertThatThrownBy(() -> client.upload(file))
                .isInstanceOfSatisfying(AssetgateException.class,
                        e -> assertThat(e.code()).isEqualTo("INTEGRITY_MISMATCH"));
        assertThat(client.list(100, null).items()).noneMatch(a -> a.filename().equals("corrupted.jpg")
                && a.state().equals("AVAILABLE"));
    }

    @Test
    void aTransferFailingTwiceIsSentAgainAndSucceeds() {
        Path file = Media.jpeg(dir, "flaky.jpg", 200_000, 2);
        proxy.resetNext(line -> line.startsWith("PUT /store/"), 2);
        int before = putsSeen();

        Asset asset = client.upload(file);

        assertThat(asset.state()).isEqualTo("AVAILABLE");
        assertThat(putsSeen() - before).isEqualTo(3);
    }

    @Test
    void aRefusedTypeFailsAtOnceWithTheServersCode() {
        Path file = Media.jpeg(dir, "notes.txt", 1000, 3);
        int before = proxy.requests().size();

        assertThatThrownBy(() -> client.upload(file, UploadOptions.defaults().withContentType("text/plain")))
                .isInstanceOfSatisfying(AssetgateException.class, e -> {
                    assertThat(e.code()).isEqualTo("CONTENT_TYPE_NOT_ALLOWED");
                    assertThat(e.status()).isEqualTo(415);
                    assertThat(e.isRetryable()).isFalse();
                });
        assertThat(proxy.requests()).hasSize(before);
    }

    @Test
    void aCancelledUploadStopsAndIsAborted() {
        Path file = Media.jpeg(dir, "slow.jpg", 100_000, 4);
        Cancellation cancellation = new Cancellation();
        proxy.stallNext(line -> line.startsWith("PUT /store/"), 1, java.time.Duration.ofSeconds(3));
        List<UploadInfo> created = new CopyOnWriteArrayList<>();
        int before = putsSeen();
        Thread.ofVirtual().start(() -> {
            // Cancel while the bytes are on their way.
            while (putsSeen() == before) {
                pause(20);
            }
            cancellation.cancel();
        });

        assertThatThrownBy(() -> client.upload(file, UploadOptions.defaults().withCancellation(cancellation)
                .withOnCreated(created::add)))
                .isInstanceOfSatisfying(AssetgateException.class, e -> assertThat(e.isCancelled()).isTrue());
        assertThat(client.getUpload(created.getFirst().uploadId()).state()).isEqualTo("ABORTED");
    }

    private static int putsSeen() {
        return (int) proxy.requests().stream().filter(l -> l.startsWith("PUT /store/")).count();
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
