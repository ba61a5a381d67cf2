package io.assetgate.server.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.ServerTest;
import io.assetgate.server.support.TempDirs;
import tools.jackson.databind.JsonNode;

/**
 * The container image ({@code target/image/assetgate-server.tar}, built by {@code -Pimage}) runs
 * without a container daemon: scripts/image/run-unpacked.sh unpacks its layers and starts its own
 * entrypoint, environment and user in a chroot. The server comes up healthy on its embedded
 * defaults as the user 10001, writes its data dir, reports the probe groups, and finds the native
 * tools the image carries (ffmpeg and ffprobe for posters, vips with libheif for HEIC and AVIF).
 * Runs only with {@code -Pimage}, which builds the image first (server/pom.xml).
 */
class ContainerImageIT {

    private static final Path IMAGE = Path.of("target", "image", "assetgate-server.tar");
    private static final Path RUN = Path.of("..", "scripts", "image", "run-unpacked.sh");

    private Process container;
    private Path root;

    @AfterEach
    void stop() throws Exception {
        if (container != null) {
            container.descendants().forEach(ProcessHandle::destroyForcibly);
            container.destroyForcibly().waitFor();
        }
        if (root != null) {
            TempDirs.deleteRecursively(root);
        }
    }

    @Test
    void runsHealthyAsTheUnprivilegedUserWithItsNativeTools() throws Exception {
        assertThat(IMAGE).as("built by ./mvnw -pl server -Pimage package").exists();
        Path work = TempDirs.create("assetgate-image");
        root = work.resolve("root");
        Path log = work.resolve("container.log");
        int port = ServerTest.freePort();
        Http api = new Http("http://localhost:" + port);

        long started = System.nanoTime();
        container = TempDirs.stopOnExit(new ProcessBuilder(List.of("bash", RUN.toString(), IMAGE.toString(),
                root.toString(), "--server.port=" + port)).redirectErrorStream(true).redirectOutput(log.toFile()).start());
        JsonNode health = awaitHealthy(api, log);
        System.out.printf("ContainerImageIT: unpacked and healthy after %.1f s%n", (System.nanoTime() - started) / 1e9);

        assertThat(health.get("components").get("db").get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").get("videoTools").get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").get("imageTools").get("status").asString()).isEqualTo("UP");
        assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
        assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(200);

        ProcessHandle java = serverJvm().orElseThrow(() -> new AssertionError("no java process under the container"));
        assertThat(uidOf(java)).as("the server's user").isEqualTo("10001");
        Path db = root.resolve("app/data/db");
        assertThat(db).as("the H2 database in the image's data dir").isDirectory();
        assertThat(Files.getAttribute(db, "unix:uid")).isEqualTo(10001);
    }

    private JsonNode awaitHealthy(Http api, Path log) throws Exception {
        // Unpacking about a gigabyte and a cold JVM on a busy machine: a generous deadline, polled.
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(container.isAlive()).as("container running; see " + log + ":\n" + tail(log)).isTrue();
            try {
                Http.Response health = api.get("/actuator/health", null);
                if (health.status() == 200) {
                    return health.json();
                }
            } catch (RuntimeException notYet) {
                // unpacking, or not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the container did not become healthy:\n" + tail(log));
    }

    private Optional<ProcessHandle> serverJvm() {
        return container.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false)).findFirst();
    }

    private static String uidOf(ProcessHandle process) throws Exception {
        return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                .filter(line -> line.startsWith("Uid:")).findFirst().orElseThrow().split("\\s+")[1];
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (Exception e) {
            return "(no log)";
        }
    }
}
