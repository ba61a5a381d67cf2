package io.assetgate.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.assetgate.client.support.Jvm;
import io.assetgate.client.support.Media;
import io.assetgate.client.support.QueueRunnerMain;
import io.assetgate.client.support.ServerProcess;

/** The durable queue against the real server: outages, kill -9, permanent failures. */
class UploadQueueTest {

    private static final RetryPolicy QUICK = new RetryPolicy(2, Duration.ofMillis(50), Duration.ofMillis(200));

    @TempDir
    Path dir;

    @Test
    void drainsByItselfWhenTheServerComesBackAndNotifiesEachCompletion() throws Exception {
        try (ServerProcess server = ServerProcess.start();
                AssetgateClient client = AssetgateClient.builder().baseUrl(server.url())
                        .tokenProvider(server.serviceTokens()).retryPolicy(QUICK).build();
                UploadQueue queue = UploadQueue.builder(client, dir.resolve("queue"))
                        .offlineBackoff(Duration.ofMillis(100), Duration.ofMillis(500))
                        .idlePoll(Duration.ofMillis(100)).build()) {
            List<String> events = new CopyOnWriteArrayList<>();
            queue.addListener(new QueueListener() {
                @Override
                public void completed(QueueItem item, Asset asset) {
                    events.add("completed " + item.filename() + " " + asset.state());
                }

                @Override
                public void offline(AssetgateException error) {
                    events.add("offline");
                }

                @Override
                public void online() {
                    events.add("online");
                }
            });
            client.list(1, null); // a token while the server is up
            server.stop();
            for (int i = 0; i < 3; i++) {
                queue.add(Media.jpeg(dir, "offline-" + i + ".jpg", 50_000, i));
            }

            queue.start();
            await(() -> events.contains("offline"));
            // Nothing is lost or given up on: items wait (a second worker may still be in its own retries).
            assertThat(queue.list()).extracting(QueueItem::state)
                    .isSubsetOf(QueueItem.State.QUEUED, QueueItem.State.UPLOADING);
            assertThat(queue.list()).extracting(QueueItem::errorCode).contains(AssetgateException.NETWORK);
            server.launch();

            await(() -> events.stream().filter(e -> e.startsWith("completed")).count() == 3);
            assertThat(events).contains("online", "completed offline-0.jpg AVAILABLE",
                    "completed offline-1.jpg AVAILABLE", "completed offline-2.jpg AVAILABLE");
            assertThat(queue.list()).allSatisfy(item -> {
                assertThat(item.state()).isEqualTo(QueueItem.State.DONE);
                assertThat(item.assetId()).isNotNull();
            });
            assertThat(filenames(client)).containsOnlyKeys("offline-0.jpg", "offline-1.jpg", "offline-2.jpg");
        }
    }

    @Test
    void uploadsEveryFileExactlyOnceWhenTheWorkerIsKilledMidQueue() throws Exception {
        try (ServerProcess server = ServerProcess.start();
                AssetgateClient client = server.client()) {
            Path queueDir = dir.resolve("queue");
            int count = 24;
            try (UploadQueue queue = UploadQueue.builder(client, queueDir).build()) {
                for (int i = 0; i < count; i++) {
                    queue.add(Media.jpeg(dir, "item-" + i + ".jpg", 1_500_000, i));
                }
            }
            UploadQueue view = UploadQueue.builder(client, queueDir).build();

            for (int killAt : new int[] {4, 12}) {
                Process worker = startWorker(server, queueDir);
                await(() -> done(view) >= killAt);
                worker.destroyForcibly().waitFor(); // SIGKILL: no shutdown hooks, no cleanup
            }
            assertThat(done(view)).isLessThan(count);
            Process worker = startWorker(server, queueDir);
            try {
                await(() -> done(view) == count);
            } finally {
                worker.destroyForcibly().waitFor();
            }

            Map<String, Long> uploaded = filenames(client);
            assertThat(uploaded).hasSize(count);
            assertThat(uploaded.values()).containsOnly(1L);
        }
    }

    @Test
    void aRefusedItemFailsForGoodIsReportedAndCanBeRetriedOrRemoved() throws Exception {
        try (ServerProcess server = ServerProcess.start();
                AssetgateClient client = server.client();
                UploadQueue queue = UploadQueue.builder(client, dir.resolve("queue")).build()) {
            List<String> failures = new CopyOnWriteArrayList<>();
            queue.addListener(new QueueListener() {
                @Override
                public void failed(QueueItem item, AssetgateException error) {
                    failures.add(item.filename() + " " + error.code());
                }
            });
            QueueItem refused = queue.add(Media.jpeg(dir, "notes.txt", 1000, 1), null, "text/plain");
            queue.add(Media.jpeg(dir, "fine.jpg", 1000, 2));

            List<QueueItem> left = queue.drain();

            assertThat(left).isEmpty();
            assertThat(failures).containsExactly("notes.txt CONTENT_TYPE_NOT_ALLOWED");
            QueueItem failed = queue.get(refused.id()).orElseThrow();
            assertThat(failed.state()).isEqualTo(QueueItem.State.FAILED);
            assertThat(failed.errorCode()).isEqualTo("CONTENT_TYPE_NOT_ALLOWED");
            assertThat(queue.retry(refused.id()).state()).isEqualTo(QueueItem.State.QUEUED);
            assertThat(queue.drain()).isEmpty();
            assertThat(failures).hasSize(2);
            assertThat(queue.remove(refused.id())).isTrue();
            assertThat(queue.list()).extracting(QueueItem::filename).containsExactly("fine.jpg");
            assertThat(filenames(client)).containsOnlyKeys("fine.jpg");
        }
    }

    @Test
    void aGalleryBackedUpAgainSendsNothingTwice() throws Exception {
        try (ServerProcess server = ServerProcess.start();
                AssetgateClient client = server.client();
                UploadQueue queue = UploadQueue.builder(client, dir.resolve("queue")).build()) {
            Path photo = Media.jpeg(dir, "IMG_0001.jpg", 80_000, 11);
            QueueItem first = queue.add(photo);
            assertThat(queue.drain()).isEmpty();

            QueueItem again = queue.add(photo);
            assertThat(queue.drain()).isEmpty();

            String firstAsset = queue.get(first.id()).orElseThrow().assetId();
            QueueItem second = queue.get(again.id()).orElseThrow();
            assertThat(second.state()).isEqualTo(QueueItem.State.DONE);
            assertThat(second.assetId()).isEqualTo(firstAsset);
            // The second item never declared an upload of its own.
            assertThat(second.uploadId()).isNull();
            assertThat(filenames(client)).containsExactly(Map.entry("IMG_0001.jpg", 1L));
        }
    }

    private static Process startWorker(ServerProcess server, Path queueDir) throws Exception {
        List<String> command = new ArrayList<>(List.of(Jvm.java(), "-Xmx128m", "-cp",
                System.getProperty("java.class.path"), QueueRunnerMain.class.getName(), server.url(),
                ServerProcess.CLIENT_ID, ServerProcess.CLIENT_SECRET, queueDir.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(queueDir.resolve("worker.log").toFile())).start();
    }

    private static long done(UploadQueue queue) {
        return queue.list().stream().filter(i -> i.state() == QueueItem.State.DONE).count();
    }

    /** Every asset of the caller, counted by filename. */
    static Map<String, Long> filenames(AssetgateClient client) {
        List<Asset> all = new ArrayList<>();
        String cursor = null;
        do {
            Asset.Page page = client.list(100, cursor);
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all.stream().collect(Collectors.groupingBy(Asset::filename, Collectors.counting()));
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 60 s");
            }
            Thread.sleep(25);
        }
    }
}
