import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.assetgate.client.Asset;
import io.assetgate.client.AssetgateClient;
import io.assetgate.client.ClientCredentialsTokenProvider;
import io.assetgate.client.RetryPolicy;
import io.assetgate.client.UploadOptions;

/**
 * The kill test of bench/cluster.sh: uploads every file of a folder through the client library,
 * all at once, kills a server node (SIGKILL, by pid) once a quarter of the uploads are created,
 * then checks that every upload ended as one asset, processed to READY, whose downloaded bytes
 * are the file's. Run from the repository root with the CLI's jar (the library and Gson):
 *
 *   java -cp cli/target/assetgate-cli.jar bench/ClusterKillBench.java \
 *       SERVER_URL CLIENT_ID CLIENT_SECRET FOLDER PID_TO_KILL
 *
 * Exits 1 when any file is lost, duplicated or wrong.
 */
public class ClusterKillBench {

    public static void main(String[] args) throws Exception {
        String server = args[0];
        List<Path> files;
        try (var list = Files.list(Path.of(args[3]))) {
            files = list.sorted().toList();
        }
        long victim = Long.parseLong(args[4]);
        AtomicInteger created = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        int killAt = Math.max(1, files.size() / 4);
        int[] finishedAtKill = {-1};
        // Patient: a client waits out the seconds HAProxy needs to see the node gone.
        RetryPolicy patient = new RetryPolicy(40, Duration.ofMillis(200), Duration.ofSeconds(2));
        try (AssetgateClient client = AssetgateClient.builder().baseUrl(server)
                .tokenProvider(new ClientCredentialsTokenProvider(URI.create(server + "/oauth2/token"), args[1],
                        args[2], "assets:read assets:write"))
                .retryPolicy(patient).build();
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            long t0 = System.nanoTime();
            List<Future<Asset>> results = new ArrayList<>();
            for (Path file : files) {
                results.add(pool.submit(() -> {
                    Asset asset = client.upload(file, UploadOptions.defaults().withOnCreated(u -> {
                        if (created.incrementAndGet() == killAt) {
                            finishedAtKill[0] = finished.get();
                            ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);
                            System.out.printf("killed node pid %d: %d created, %d finished%n", victim, killAt,
                                    finishedAtKill[0]);
                        }
                    }));
                    finished.incrementAndGet();
                    return asset;
                }));
            }
            List<Asset> assets = new ArrayList<>();
            int failed = 0;
            for (Future<Asset> r : results) {
                try {
                    assets.add(r.get());
                } catch (Exception e) {
                    failed++;
                    System.out.println("upload failed: " + e.getCause());
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("uploads: %d of %d finished in %.1f s, %d failed%n", assets.size(), files.size(),
                    seconds, failed);

            // Every asset processed and its bytes downloaded back, through the balancer.
            Set<String> ids = new HashSet<>();
            int wrong = 0;
            Path back = Files.createTempDirectory("cluster-kill-back");
            for (int i = 0; i < assets.size(); i++) {
                Asset asset = assets.get(i);
                ids.add(asset.id());
                long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                while (!"READY".equals(asset.state()) && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    asset = client.asset(asset.id());
                }
                Path copy = client.download(asset.id(), null, back.resolve(asset.id()));
                if (!"READY".equals(asset.state()) || !Arrays.equals(Files.readAllBytes(copy),
                        Files.readAllBytes(files.get(i)))) {
                    wrong++;
                    System.out.println("wrong: " + asset.id() + " " + asset.state());
                }
                Files.delete(copy);
            }
            Files.delete(back);
            System.out.printf("assets: %d distinct, %d READY with the right bytes, %d wrong%n", ids.size(),
                    assets.size() - wrong, wrong);
            boolean ok = failed == 0 && wrong == 0 && ids.size() == files.size() && finishedAtKill[0] >= 0
                    && finishedAtKill[0] < files.size();
            System.out.println(ok ? "KILL TEST: OK" : "KILL TEST: FAILED");
            System.exit(ok ? 0 : 1);
        }
    }
}
