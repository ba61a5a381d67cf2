import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import io.assetgate.client.Asset;
import io.assetgate.client.AssetgateClient;
import io.assetgate.client.ClientCredentialsTokenProvider;
import io.assetgate.client.UploadInfo;
import io.assetgate.client.UploadOptions;

/**
 * Uploads one file through the client library and prints MiB/s and the peak heap used.
 * Run from the repository root with the CLI's jar (it holds the library and Gson):
 *
 *   java -Xmx64m -cp cli/target/assetgate-cli.jar bench/ClientUploadBench.java \
 *       SERVER_URL CLIENT_ID CLIENT_SECRET FILE CONTENT_TYPE PARALLEL_PARTS LABEL
 *
 * The time covers the whole library call: declaring the file, every PUT (the checksum is
 * computed as the bytes are sent), and complete (where the server checks size, the checksum
 * against the store's own digest, and the type).
 */
public class ClientUploadBench {

    public static void main(String[] args) throws Exception {
        String server = args[0];
        Path file = Path.of(args[3]);
        int parallel = Integer.parseInt(args[5]);
        String label = args.length > 6 ? args[6] : "library";
        long size = Files.size(file);
        String[] mode = {"?"};
        try (AssetgateClient client = AssetgateClient.builder().baseUrl(server)
                .tokenProvider(new ClientCredentialsTokenProvider(URI.create(server + "/oauth2/token"), args[1],
                        args[2], "assets:read assets:write"))
                .partConcurrency(parallel).build()) {
            client.list(1, null); // token and connection warm, not measured
            long t0 = System.nanoTime();
            long[] marks = new long[2]; // first byte sent, last byte sent
            Asset asset = client.upload(file, UploadOptions.defaults().withContentType(args[4])
                    .withOnCreated((UploadInfo u) -> mode[0] = u.mode())
                    .withProgress(p -> {
                        long now = System.nanoTime();
                        if (marks[0] == 0) {
                            marks[0] = now;
                        }
                        if (p.bytesSent() == p.totalBytes()) {
                            marks[1] = now;
                        }
                    }));
            long t1 = System.nanoTime();
            double seconds = (t1 - t0) / 1e9;
            if (!"AVAILABLE".equals(asset.state())) {
                throw new IllegalStateException("asset is " + asset.state());
            }
            System.out.printf("%-34s %7.1f MiB/s  %6.2f s  (%s, %d parallel parts: declare %.2f s, bytes %.2f s,"
                    + " complete %.2f s; peak heap used %.1f MiB of max %.0f MiB)%n",
                    label, size / 1048576.0 / seconds, seconds, mode[0], parallel, (marks[0] - t0) / 1e9,
                    (marks[1] - marks[0]) / 1e9, (t1 - marks[1]) / 1e9, peakHeap() / 1048576.0,
                    Runtime.getRuntime().maxMemory() / 1048576.0);
        }
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
