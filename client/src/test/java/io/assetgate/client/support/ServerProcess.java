package io.assetgate.client.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.assetgate.client.AssetgateClient;
import io.assetgate.client.ClientCredentialsTokenProvider;
import io.assetgate.client.TokenProvider;

/**
 * The real server ({@code server/target/assetgate-server.jar}) as a child process, on a free
 * port with its own data dir, using its embedded identity provider with a known service client
 * and user. It can be stopped and started again on the same port and data.
 */
public final class ServerProcess implements AutoCloseable {

    public static final String CLIENT_ID = "test-service";
    public static final String CLIENT_SECRET = "test-service-secret";
    public static final String USER = "alice";
    public static final String PASSWORD = "alice-password-1";

    private final int port;
    private final Path dataDir;
    private final Map<String, String> settings;
    private Process process;

    private ServerProcess(int port, Path dataDir, Map<String, String> settings) {
        this.port = port;
        this.dataDir = dataDir;
        this.settings = settings;
    }

    /** Starts a server with these extra settings (names as in CONTRACT.md, without {@code --}). */
    public static ServerProcess start(Map<String, String> extra) {
        int port = freePort();
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("assetgate-server");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.port", String.valueOf(port));
        settings.put("assetgate.data-dir", dataDir.toString());
        settings.put("assetgate.public-url", "http://localhost:" + port);
        settings.put("assetgate.idp.clients[0].client-id", CLIENT_ID);
        settings.put("assetgate.idp.clients[0].client-secret", CLIENT_SECRET);
        settings.put("assetgate.idp.users[0].username", USER);
        settings.put("assetgate.idp.users[0].password", PASSWORD);
        settings.put("assetgate.limits.uploads-per-minute", "0");
        // These tests are about the client: its downloads follow its uploads at once, before the
        // server's checks ran. The server's own tests prove that is refused by default.
        settings.put("assetgate.processing.download-before-checks", "true");
        settings.putAll(extra);
        ServerProcess server = new ServerProcess(Integer.parseInt(settings.get("server.port")), dataDir, settings);
        // Also when a test fails before close(): nothing is left in the system temp folder.
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        server.launch();
        return server;
    }

    public static ServerProcess start() {
        return start(Map.of());
    }

    /** Starts the process (again, after {@link #stop()}) and waits until it is healthy. */
    public synchronized void launch() {
        List<String> command = new ArrayList<>(List.of(Jvm.java(), "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + tmpDir(), "-jar", jar().toString()));
        settings.forEach((k, v) -> command.add("--" + k + "=" + v));
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("server.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitHealthy();
    }

    /** Stops the process, as a crash or an outage would: the port stops answering. */
    public synchronized void stop() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** A token provider for the test service client (client credentials against the embedded IdP). */
    public TokenProvider serviceTokens() {
        return new ClientCredentialsTokenProvider(URI.create(url() + "/oauth2/token"), CLIENT_ID, CLIENT_SECRET,
                "assets:read assets:write");
    }

    public AssetgateClient client() {
        return AssetgateClient.builder().baseUrl(url()).tokenProvider(serviceTokens()).build();
    }

    /** The server's log, for failure messages. */
    public String log() {
        try {
            return Files.readString(dataDir.resolve("server.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Stops the server and deletes its data dir, its temp files included. */
    @Override
    public synchronized void close() {
        stop();
        if (!Files.exists(dataDir)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // best effort: a file removed meanwhile
        }
    }

    /** The server's own temp folder, inside its data dir, so a killed server leaves nothing elsewhere. */
    private Path tmpDir() {
        try {
            return Files.createDirectories(dataDir.resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitHealthy() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The server exited at start:\n" + log());
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(100);
        }
        throw new IllegalStateException("The server did not become healthy:\n" + log());
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty("assetgate.server.jar", "../server/target/assetgate-server.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Build the server first (./mvnw -pl server package): no " + jar);
        }
        return jar;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
