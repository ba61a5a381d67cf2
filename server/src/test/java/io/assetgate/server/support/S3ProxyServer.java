package io.assetgate.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real S3 implementation for tests: S3Proxy (from Maven Central, copied to
 * {@code target/s3proxy/s3proxy.jar} by the build) run as a child process on a free port,
 * with the filesystem backend in a temp dir and AWS v4 authentication. One process serves
 * the whole test JVM and is stopped when the JVM exits.
 */
public final class S3ProxyServer {

    public static final String ACCESS_KEY = "assetgate-test-key";
    public static final String SECRET_KEY = "assetgate-test-secret-0123456789";
    public static final String REGION = "us-east-1";

    private static S3ProxyServer instance;

    private Process process;
    private final Path home;
    private final Path baseDir;
    private final int port;
    private final String endpoint;

    private S3ProxyServer(Process process, Path home, int port) {
        this.process = process;
        this.home = home;
        this.baseDir = home.resolve("data");
        this.port = port;
        this.endpoint = "http://127.0.0.1:" + port;
    }

    /** The running server, started on first use. */
    public static synchronized S3ProxyServer get() {
        if (instance == null || !instance.process.isAlive()) {
            instance = start();
        }
        return instance;
    }

    /** A server of its own, for a test that stops it; {@link #get()} serves everyone else. */
    public static S3ProxyServer startDedicated() {
        return start();
    }

    /** Stops this server, as an outage would. */
    public void stop() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String endpoint() {
        return endpoint;
    }

    /**
     * Restarts this server on the same port and data, accepting only {@code identity} and
     * {@code secret}: the credentials the server under test holds stop working, as when a key
     * is revoked.
     */
    public void restartWithCredentials(String identity, String secret) {
        stop();
        process = launch(home, port, identity, secret);
    }

    /** Removes a bucket and everything in it, as an operator deleting it by mistake would. */
    public void removeBucket(String name) {
        TempDirs.deleteRecursively(baseDir.resolve(name));
    }

    /** Where the filesystem backend keeps {@code bucket}'s objects: each key is a file under it. */
    public Path bucketDir(String bucket) {
        return baseDir.resolve(bucket);
    }

    /** Starts this (stopped) server again on the same port and data, after an outage. */
    public void resume() {
        process = launch(home, port, ACCESS_KEY, SECRET_KEY);
    }

    /** Creates a fresh, empty bucket and answers its name. */
    public String newBucket() {
        String name = "assetgate-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            // The filesystem backend keeps each bucket as a directory of its base dir.
            Files.createDirectories(baseDir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return name;
    }

    /** The server's settings for a store in {@code bucket}. */
    public Map<String, Object> settings(String bucket) {
        return Map.of(
                "assetgate.storage.type", "s3",
                "assetgate.storage.s3.bucket", bucket,
                "assetgate.storage.s3.endpoint", endpoint,
                "assetgate.storage.s3.region", REGION,
                "assetgate.storage.s3.path-style", "true",
                "assetgate.storage.s3.access-key", ACCESS_KEY,
                "assetgate.storage.s3.secret-key", SECRET_KEY,
                // S3Proxy knows neither SSE headers nor x-amz-checksum-* (it answers 501).
                "assetgate.storage.s3.sse", "none",
                "assetgate.storage.s3.checksum-headers", "false");
    }

    private static S3ProxyServer start() {
        try {
            Path home = TempDirs.create("s3proxy");
            Files.createDirectories(home.resolve("data"));
            int port = ServerTest.freePort();
            return new S3ProxyServer(launch(home, port, ACCESS_KEY, SECRET_KEY), home, port);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start S3Proxy", e);
        }
    }

    private static Process launch(Path home, int port, String identity, String secret) {
        Path jar = Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy is missing at " + jar + ": run the tests through Maven, "
                    + "which copies it in the process-test-resources phase");
        }
        try {
            Path config = home.resolve("s3proxy.conf");
            Files.write(config, List.of(
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + identity,
                    "s3proxy.credential=" + secret,
                    "jclouds.provider=filesystem-nio2",
                    "jclouds.filesystem.basedir=" + home.resolve("data")));
            String java = ProcessHandle.current().info().command().orElse("java");
            Path tmp = Files.createDirectories(home.resolve("tmp"));
            Process process = new ProcessBuilder(java, "-Xmx512m", "-Djava.io.tmpdir=" + tmp, "-jar", jar.toString(),
                    "--properties",
                    config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(home.resolve("s3proxy.log").toFile())
                    .start();
            TempDirs.stopOnExit(process);
            awaitPort(process, port, home.resolve("s3proxy.log"));
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start S3Proxy", e);
        }
    }

    private static void awaitPort(Process process, int port, Path log) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited: " + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("S3Proxy did not open port " + port + " within 60s");
    }
}
