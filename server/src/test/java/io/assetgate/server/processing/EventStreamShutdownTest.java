package io.assetgate.server.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.assetgate.server.AssetgateApplication;
import io.assetgate.server.support.ServerTest;
import io.assetgate.server.support.TestDatabases;
import io.assetgate.server.support.TestIdp;
import io.assetgate.server.support.TempDirs;

/**
 * An open event stream must not hold up shutdown: the server ends it, so that the web
 * server's graceful shutdown (30 s by default) does not wait for a request that never ends,
 * and the client sees its stream end and can resume elsewhere.
 */
class EventStreamShutdownTest {

    @Test
    void shuttingDownEndsOpenStreamsInsteadOfWaitingForThem() throws Exception {
        int port = ServerTest.freePort();
        // As arguments, so they win over every other source of settings.
        ConfigurableApplicationContext server = new SpringApplicationBuilder(AssetgateApplication.class).run(
                "--server.port=" + port,
                "--assetgate.data-dir=" + TempDirs.create("assetgate-sse-shutdown"),
                "--spring.datasource.url=" + TestDatabases.newH2(),
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestIdp.issuerUrl(),
                "--assetgate.reconciler.enabled=false");
        try (EventStreamLines stream = EventStreamLines.open("http://localhost:" + port,
                TestIdp.token("sse-shutdown", "assets:read"), null)) {
            long started = System.nanoTime();
            server.close();
            Duration shutdown = Duration.ofNanos(System.nanoTime() - started);

            assertThat(stream.awaitEnd(Duration.ofSeconds(5))).as("the client saw its stream end").isTrue();
            // Graceful shutdown waits 30 s for open requests; well under that means it did not wait for this one.
            assertThat(shutdown).isLessThan(Duration.ofSeconds(15));
        } finally {
            server.close();
        }
    }
}
