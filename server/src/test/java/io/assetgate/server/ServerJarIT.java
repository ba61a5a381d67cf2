package io.assetgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.assetgate.server.config.VirtualThreadCarriers;
import io.assetgate.server.support.Http;
import io.assetgate.server.support.ServerJar;
import io.assetgate.server.support.ServerTest;
import io.assetgate.server.support.TempDirs;

/**
 * What {@code main} sets up before Spring starts, checked on the real jar
 * ({@code server/target/assetgate-server.jar}) on embedded defaults, as a child process.
 */
class ServerJarIT {

    private Process server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.destroyForcibly();
        }
    }

    @Test
    void runsRequestThreadsOnTwoCarriersPerCore() throws Exception {
        Path dataDir = TempDirs.create("assetgate-jar");
        int port = ServerTest.freePort();
        String java = ProcessHandle.current().info().command().orElseThrow();
        server = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", ServerJar.JAR.toString(),
                "--server.port=" + port, "--assetgate.data-dir=" + dataDir))
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("server.log").toFile()).start();
        TempDirs.stopOnExit(server);
        ServerJar.awaitUp(server, new Http("http://localhost:" + port), dataDir);

        String properties = systemPropertiesOf(server, java);

        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(properties).contains(VirtualThreadCarriers.PARALLELISM + "=" + (2 * cores));
    }

    private static String systemPropertiesOf(Process process, String java) throws Exception {
        Path jcmd = Path.of(java).resolveSibling("jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "VM.system_properties")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
