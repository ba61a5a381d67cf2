package io.assetgate.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * HAProxy from Debian's package ({@code scripts/ensure-test-tools.sh} installs it) as a child
 * process in front of server nodes: round robin, no sticky sessions, and a health check on
 * {@code /actuator/health/readiness} every second, as an operator would set it up. Only
 * connection failures are retried on another node; a request a node took and then lost (a
 * crash) is answered 502, and the client retries it (creates carry an Idempotency-Key).
 */
public final class HaProxy implements AutoCloseable {

    private final Process process;
    private final int port;
    private final int statsPort;
    private final Path dir;

    private HaProxy(Process process, int port, int statsPort, Path dir) {
        this.process = process;
        this.port = port;
        this.statsPort = statsPort;
        this.dir = dir;
    }

    /** Starts HAProxy on a free port in front of the nodes on {@code nodePorts}. */
    public static HaProxy start(List<Integer> nodePorts) {
        Path dir = TempDirs.create("haproxy");
        int port = ServerTest.freePort();
        int statsPort = ServerTest.freePort();
        List<String> config = new ArrayList<>(List.of(
                "global",
                "  maxconn 4096",
                "defaults",
                "  mode http",
                "  timeout connect 2s",
                "  timeout client 5m",
                // Event streams stay open: longer than the server's own heartbeat.
                "  timeout server 5m",
                "  retries 3",
                "  option redispatch",
                "frontend api",
                "  bind 127.0.0.1:" + port,
                "  default_backend nodes",
                "frontend stats",
                "  bind 127.0.0.1:" + statsPort,
                "  stats enable",
                "  stats uri /stats",
                "backend nodes",
                "  balance roundrobin",
                "  option httpchk",
                "  http-check send meth GET uri /actuator/health/readiness",
                "  http-check expect status 200",
                "  default-server inter 1s fastinter 500ms fall 2 rise 2"));
        for (int i = 0; i < nodePorts.size(); i++) {
            config.add("  server node" + i + " 127.0.0.1:" + nodePorts.get(i) + " check");
        }
        try {
            Path file = dir.resolve("haproxy.cfg");
            Files.write(file, config);
            Process process = new ProcessBuilder(binary(), "-db", "-f", file.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
            TempDirs.stopOnExit(process);
            HaProxy proxy = new HaProxy(process, port, statsPort, dir);
            proxy.awaitStats();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start HAProxy", e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Each node's state as HAProxy's checks see it ({@code UP}, {@code DOWN}, ...), by server name. */
    public Map<String, String> states() {
        Map<String, String> states = new TreeMap<>();
        String csv = Http.fetch("http://127.0.0.1:" + statsPort + "/stats;csv").text();
        for (String line : csv.split("\n")) {
            String[] f = line.split(",", -1);
            if (f.length > 17 && "nodes".equals(f[0]) && f[1].startsWith("node")) {
                states.put(f[1], f[17]);
            }
        }
        return states;
    }

    /** Waits until HAProxy's checks see node {@code index} in {@code state}; fails after {@code timeout}. */
    public void awaitState(int index, String state, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (states().getOrDefault("node" + index, "").startsWith(state)) {
                return;
            }
            sleep(200);
        }
        throw new AssertionError("node" + index + " not " + state + " in HAProxy: " + states());
    }

    @Override
    public void close() {
        process.destroy();
    }

    private void awaitStats() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("HAProxy exited; see " + dir.resolve("haproxy.log"));
            }
            try {
                states();
                return;
            } catch (RuntimeException notYet) {
                sleep(100);
            }
        }
        throw new IllegalStateException("HAProxy did not start; see " + dir.resolve("haproxy.log"));
    }

    private static String binary() {
        for (String candidate : List.of("/usr/sbin/haproxy", "/usr/bin/haproxy")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "haproxy";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
