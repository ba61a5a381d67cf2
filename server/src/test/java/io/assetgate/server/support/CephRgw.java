package io.assetgate.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Ceph's RADOS Gateway from Debian's packages as a real distributed S3 store: one monitor, one
 * OSD and two gateways with cephx, started by {@code scripts/ceph-rgw.sh} in a folder of the
 * test's own and stopped when the test closes it or the JVM exits (the script's watchdog also
 * stops it if this JVM dies without a word, or after its time limit). Opt-in: it loads a small
 * machine, so only tests that are asked for ({@code -Dassetgate.ceph=true}) use it, and a start
 * that fails is a test failure that says why, never a skip.
 */
public final class CephRgw implements AutoCloseable {

    /** How long the daemons may live: longer than any test that uses them. */
    private static final Duration MAX_LIFE = Duration.ofMinutes(20);

    private final Path dir;
    private final List<String> endpoints;
    private final String accessKey;
    private final String secretKey;
    private final String bucket;
    private final double startSeconds;

    private CephRgw(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.endpoints = Arrays.asList(env.get("CEPH_RGW_ENDPOINTS").split(","));
        this.accessKey = env.get("CEPH_S3_ACCESS_KEY");
        this.secretKey = env.get("CEPH_S3_SECRET_KEY");
        this.bucket = env.get("CEPH_S3_BUCKET");
        this.startSeconds = Double.parseDouble(env.get("CEPH_START_SECONDS"));
    }

    /** Starts the cluster, or fails with the script's account of what did not start. */
    public static CephRgw start() {
        Path parent = TempDirs.create("ceph");
        Path dir = parent.resolve("cluster");
        Path output = parent.resolve("ceph-rgw.out");
        try {
            ProcessBuilder builder = new ProcessBuilder("bash", script().toString(), "up", dir.toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().put("CEPH_OWNER_PID", Long.toString(ProcessHandle.current().pid()));
            builder.environment().put("CEPH_MAX_SECONDS", Long.toString(MAX_LIFE.toSeconds()));
            Process up = builder.start();
            boolean ended = up.waitFor(5, TimeUnit.MINUTES);
            // Whatever happened, the daemons go with this JVM.
            TempDirs.stopOnExit(() -> down(dir));
            if (!ended) {
                up.destroyForcibly();
                throw new AssertionError("Ceph's RADOS Gateway did not start within 5 minutes (asked for with "
                        + "-Dassetgate.ceph=true):\n" + Files.readString(output, StandardCharsets.UTF_8));
            }
            if (up.exitValue() != 0) {
                throw new AssertionError("Ceph's RADOS Gateway did not start (asked for with -Dassetgate.ceph=true; "
                        + "scripts/ceph-rgw.sh up exited " + up.exitValue() + "):\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            Map<String, String> env = new HashMap<>();
            for (String line : Files.readAllLines(dir.resolve("rgw.env"))) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return new CephRgw(dir, env);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run scripts/ceph-rgw.sh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The gateways' URLs: two gateways in front of the same objects. */
    public List<String> endpoints() {
        return endpoints;
    }

    public String bucket() {
        return bucket;
    }

    /** Seconds from nothing to two gateways answering with the user and bucket made. */
    public double startSeconds() {
        return startSeconds;
    }

    /**
     * The server's settings for the bucket through gateway {@code gateway}. Pacific's gateway
     * refuses SSE-S3 ({@code AES256}: 400 InvalidRequest, no key server) and ignores
     * {@code x-amz-checksum-sha256}, so neither is signed (docs/s3.md); the Content-Type, the
     * exact length and {@code If-None-Match: *} are.
     */
    public Map<String, Object> settings(int gateway) {
        return Map.of(
                "assetgate.storage.type", "s3",
                "assetgate.storage.s3.bucket", bucket,
                "assetgate.storage.s3.endpoint", endpoints.get(gateway),
                "assetgate.storage.s3.region", "us-east-1",
                "assetgate.storage.s3.path-style", "true",
                "assetgate.storage.s3.access-key", accessKey,
                "assetgate.storage.s3.secret-key", secretKey,
                "assetgate.storage.s3.sse", "none",
                "assetgate.storage.s3.checksum-headers", "false");
    }

    @Override
    public void close() {
        down(dir);
    }

    private static void down(Path dir) {
        try {
            new ProcessBuilder("bash", script().toString(), "down", dir.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                    .waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path script() {
        // The tests run in the server module; the script is the repository's.
        Path script = Path.of("..", "scripts", "ceph-rgw.sh").toAbsolutePath().normalize();
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("scripts/ceph-rgw.sh is missing at " + script);
        }
        return script;
    }
}
