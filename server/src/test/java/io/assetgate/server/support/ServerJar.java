package io.assetgate.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

/** The real server jar run as a child process by the integration tests. */
public final class ServerJar {

    /** Where {@code package} puts it, relative to the server module. */
    public static final Path JAR = Path.of("target", "assetgate-server.jar");

    private ServerJar() {
    }

    /** Waits until the server answers its health check; fails if it dies or takes two minutes. */
    public static Process awaitUp(Process server, Http api, Path logDir) throws InterruptedException {
        return awaitUp(server, api, logDir, Duration.ofSeconds(120));
    }

    /** Waits until the server answers its health check; fails if it dies or takes longer than {@code timeout}. */
    public static Process awaitUp(Process server, Http api, Path logDir, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as("server running; see logs in " + logDir).isTrue();
            try {
                if (api.get("/actuator/health", null).status() == 200) {
                    return server;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("server did not start; see logs in " + logDir);
    }
}
