package io.assetgate.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Several nodes of the real server jar ({@link ServerJar}), each a child process with a data
 * folder of its own, sharing the database, the store and the issuer given in the settings,
 * behind {@link HaProxy}. The nodes' public URL is the proxy's, as in production. A node can be
 * killed, stopped with SIGTERM and started again; each start logs to a file of its own, and
 * {@link #countInLogs} reads them all.
 */
public final class ServerCluster implements AutoCloseable {

    private final Path dir = TempDirs.create("assetgate-cluster");
    private final Map<String, Object> settings;
    private final IntFunction<Map<String, Object>> nodeSettings;
    private final List<Integer> ports;
    private final Process[] nodes;
    private final HaProxy proxy;
    private int starts;

    private ServerCluster(int size, Map<String, Object> settings, IntFunction<Map<String, Object>> nodeSettings) {
        this.settings = settings;
        this.nodeSettings = nodeSettings;
        this.ports = IntStream.range(0, size).mapToObj(i -> ServerTest.freePort()).toList();
        this.nodes = new Process[size];
        this.proxy = HaProxy.start(ports);
    }

    /**
     * Starts {@code size} nodes with {@code settings} (the database, store and issuer; each as
     * {@code --name=value}) and waits until HAProxy sees all of them up.
     */
    public static ServerCluster start(int size, Map<String, Object> settings) {
        return start(size, settings, index -> Map.of());
    }

    /**
     * As {@link #start(int, Map)}, with settings of each node's own besides the shared ones (a
     * store endpoint per node, say); a name MUST NOT be in both.
     */
    public static ServerCluster start(int size, Map<String, Object> settings,
            IntFunction<Map<String, Object>> nodeSettings) {
        ServerCluster cluster = new ServerCluster(size, settings, nodeSettings);
        // In parallel: three JVMs starting one after the other would triple the wait. Their
        // migrations meet on the fresh database, which Flyway's lock serialises.
        List<CompletableFuture<Void>> starting = IntStream.range(0, size)
                .mapToObj(i -> CompletableFuture.runAsync(() -> cluster.restart(i))).toList();
        starting.forEach(CompletableFuture::join);
        return cluster;
    }

    /** The API through the load balancer. */
    public Http api() {
        return new Http(proxy.url());
    }

    public String url() {
        return proxy.url();
    }

    public HaProxy proxy() {
        return proxy;
    }

    public int size() {
        return nodes.length;
    }

    /** Node {@code index} directly, bypassing the load balancer. */
    public Http node(int index) {
        return new Http("http://127.0.0.1:" + ports.get(index));
    }

    public Process process(int index) {
        return nodes[index];
    }

    /** SIGKILL: the node dies at once, as in a crash or an OOM kill. */
    public void kill(int index) throws InterruptedException {
        nodes[index].destroyForcibly().waitFor();
    }

    /** SIGTERM: the node shuts down gracefully. Answers its exit code once it has exited. */
    public CompletableFuture<Integer> terminate(int index) {
        Process p = nodes[index];
        p.destroy();
        return p.onExit().thenApply(Process::exitValue);
    }

    /** Starts node {@code index} (again) and waits until it answers and HAProxy routes to it. */
    public void restart(int index) {
        Process p = launch(index);
        try {
            // Several JVMs starting at once on a small shared machine: more time than one gets.
            ServerJar.awaitUp(p, node(index), dir, Duration.ofMinutes(5));
        } catch (AssertionError e) {
            // The folder goes when the test JVM exits: say here why the node did not start.
            throw new AssertionError("node " + index + " did not start; its log ends with:\n" + tail(index), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        proxy.awaitState(index, "UP", Duration.ofSeconds(30));
    }

    /** The node's resident set size in kB, from {@code /proc}. */
    public long rssKb(int index) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(nodes[index].pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            throw new IllegalStateException("no VmRSS for node " + index);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many lines of all nodes' logs, over every start, contain {@code fragment}. */
    public long countInLogs(String fragment) {
        try (Stream<Path> logs = Files.list(dir)) {
            long count = 0;
            for (Path log : logs.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
                try (Stream<String> lines = Files.lines(log)) {
                    count += lines.filter(l -> l.contains(fragment)).count();
                }
            }
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines of node {@code index}'s latest log. */
    private String tail(int index) {
        try (Stream<Path> logs = Files.list(dir)) {
            Path latest = logs.filter(p -> p.getFileName().toString().startsWith("node" + index + "-"))
                    .max(java.util.Comparator.comparingLong(p -> p.toFile().lastModified())).orElseThrow();
            List<String> lines = Files.readAllLines(latest);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Where the nodes' logs are, for failure messages. */
    public Path logDir() {
        return dir;
    }

    @Override
    public void close() {
        for (Process p : nodes) {
            if (p != null) {
                p.destroyForcibly();
            }
        }
        proxy.close();
    }

    private synchronized Process launch(int index) {
        int start = starts++;
        Path data = dir.resolve("node" + index);
        Path tmp = data.resolve("tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                // A killed node cannot delete its temp files: they stay in the test's folder.
                "-Djava.io.tmpdir=" + tmp, "-jar", ServerJar.JAR.toString(),
                "--server.port=" + ports.get(index),
                "--assetgate.public-url=" + proxy.url(),
                "--assetgate.data-dir=" + data));
        settings.forEach((name, value) -> command.add("--" + name + "=" + value));
        nodeSettings.apply(index).forEach((name, value) -> command.add("--" + name + "=" + value));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("node" + index + "-start" + start + ".log").toFile()).start();
            TempDirs.stopOnExit(p);
            nodes[index] = p;
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start node " + index, e);
        }
    }
}
