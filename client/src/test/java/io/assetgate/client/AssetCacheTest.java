package io.assetgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.assetgate.client.support.FaultyProxy;
import io.assetgate.client.support.Media;
import io.assetgate.client.support.MutableClock;
import io.assetgate.client.support.ServerProcess;

/** The offline cache against the real server, downloads passing through a faulty proxy. */
class AssetCacheTest {

    static FaultyProxy proxy;
    static ServerProcess server;
    static AssetgateClient client;

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock();

    @BeforeAll
    static void startServer() {
        int port = ServerProcess.freePort();
        proxy = new FaultyProxy(port);
        server = ServerProcess.start(Map.of("server.port", String.valueOf(port), "assetgate.public-url", proxy.url()));
        client = AssetgateClient.builder().baseUrl(server.url()).tokenProvider(server.serviceTokens())
                .retryPolicy(new RetryPolicy(2, Duration.ofMillis(20), Duration.ofMillis(50))).build();
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
    void servesFromDiskWithinItsTimeToLiveAcrossRestarts() throws Exception {
        Path original = Media.jpeg(dir, "cached.jpg", 120_000, 1);
        Asset asset = client.upload(original);
        AssetCache cache = AssetCache.open(client, dir.resolve("cache"), Duration.ofMinutes(10), 10_000_000, clock);

        AssetCache.Result first = cache.get(asset.id(), null);
        int downloads = storeGets();
        AssetCache.Result again = AssetCache.open(client, dir.resolve("cache"), Duration.ofMinutes(10), 10_000_000,
                clock).get(asset.id(), null);

        assertThat(Files.mismatch(first.file(), original)).isEqualTo(-1);
        assertThat(again.file()).isEqualTo(first.file());
        assertThat(again.stale()).isFalse();
        assertThat(storeGets()).isEqualTo(downloads);
    }

    @Test
    void servesAStaleCopyWhenOfflineAfterItsTimeToLiveAndSaysSo() throws Exception {
        Path original = Media.jpeg(dir, "offline.jpg", 80_000, 2);
        Asset asset = client.upload(original);
        AssetCache cache = AssetCache.open(client, dir.resolve("cache"), Duration.ofMinutes(5), 10_000_000, clock);
        cache.get(asset.id(), null);
        clock.advance(Duration.ofMinutes(6));
        // Nothing listens on this port: connection refused, as when offline.
        try (AssetgateClient offline = AssetgateClient.builder().baseUrl("http://localhost:" + ServerProcess.freePort())
                .tokenProvider(TokenProvider.of("unused")).retryPolicy(RetryPolicy.NONE).build()) {
            AssetCache reopened = AssetCache.open(offline, dir.resolve("cache"), Duration.ofMinutes(5), 10_000_000,
                    clock);

            AssetCache.Result result = reopened.get(asset.id(), null);

            assertThat(result.stale()).isTrue();
            assertThat(result.offline()).isTrue();
            assertThat(Files.mismatch(result.file(), original)).isEqualTo(-1);
        }
    }

    @Test
    void refreshesAfterItsTimeToLiveWhenOnline() {
        Asset asset = client.upload(Media.jpeg(dir, "refresh.jpg", 10_000, 3));
        AssetCache cache = AssetCache.open(client, dir.resolve("cache"), Duration.ofMinutes(5), 10_000_000, clock);
        cache.get(asset.id(), null);
        int downloads = storeGets();
        clock.advance(Duration.ofMinutes(6));

        AssetCache.Result result = cache.get(asset.id(), null);

        assertThat(result.stale()).isFalse();
        assertThat(storeGets()).isEqualTo(downloads + 1);
    }

    @Test
    void evictsTheLeastRecentlyUsedToStayUnderItsCap() {
        Asset a = client.upload(Media.jpeg(dir, "a.jpg", 40_000, 4));
        Asset b = client.upload(Media.jpeg(dir, "b.jpg", 40_000, 5));
        Asset c = client.upload(Media.jpeg(dir, "c.jpg", 40_000, 6));
        AssetCache cache = AssetCache.open(client, dir.resolve("cache"), Duration.ofMinutes(5), 100_000, clock);
        cache.get(a.id(), null);
        clock.advance(Duration.ofSeconds(1));
        cache.get(b.id(), null);
        clock.advance(Duration.ofSeconds(1));
        cache.get(a.id(), null); // a is now more recent than b
        clock.advance(Duration.ofSeconds(1));

        cache.get(c.id(), null);

        assertThat(cache.contains(a.id(), null)).isTrue();
        assertThat(cache.contains(b.id(), null)).isFalse();
        assertThat(cache.contains(c.id(), null)).isTrue();
        assertThat(cache.size()).isLessThanOrEqualTo(100_000);
    }

    @Test
    void neverKeepsAPartialDownload() throws Exception {
        Asset asset = client.upload(Media.jpeg(dir, "partial.jpg", 500_000, 7));
        AssetCache cache = AssetCache.open(client, dir.resolve("cache"), Duration.ofMinutes(5), 10_000_000, clock);
        // Each answer is cut off after 100 KB of its 500 KB.
        proxy.cutResponseNext(line -> line.startsWith("GET /store/"), 10, 100_000);

        assertThatThrownBy(() -> cache.get(asset.id(), null)).isInstanceOf(AssetgateException.class);

        assertThat(cache.contains(asset.id(), null)).isFalse();
        try (Stream<Path> files = Files.list(dir.resolve("cache").resolve("files"))) {
            assertThat(files).isEmpty();
        }
    }

    private static int storeGets() {
        return (int) proxy.requests().stream().filter(l -> l.startsWith("GET /store/")).count();
    }
}
