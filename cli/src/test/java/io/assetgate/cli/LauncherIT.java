package io.assetgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.assetgate.client.support.Jvm;
import io.assetgate.client.support.Media;
import io.assetgate.client.support.ServerProcess;

/** The packaged launcher script, run as a user would, after {@code package}. */
class LauncherIT {

    @TempDir
    Path home;

    @Test
    void theLauncherRunsTheCommandAndReturnsItsExitCodes() throws Exception {
        Path launcher = Path.of("target", "assetgate");
        assertThat(launcher).isExecutable();

        Result version = run(launcher.toString(), "--version");
        Result offline = run(launcher.toString(), "--server", "http://localhost:" + ServerProcess.freePort(),
                "--token", "t", "--retries", "1", "ls");
        Result usage = run(launcher.toString(), "frobnicate");

        assertThat(version.code()).isZero();
        assertThat(version.output()).contains("assetgate 0.1.0");
        assertThat(offline.code()).isEqualTo(1);
        assertThat(offline.output().strip()).hasLineCount(1).startsWith("assetgate: error:");
        assertThat(usage.code()).isEqualTo(2);
    }

    @Test
    void queueRunWatchSendsItemsAddedLaterAndReportsEachOne() throws Exception {
        try (ServerProcess server = ServerProcess.start()) {
            String token = server.serviceTokens().accessToken();
            Map<String, String> env = Map.of("ASSETGATE_SERVER", server.url(), "ASSETGATE_TOKEN", token,
                    "ASSETGATE_HOME", home.toString());
            Process watch = start(env, "target/assetgate", "queue", "run", "--watch");
            BufferedReader out = new BufferedReader(new InputStreamReader(watch.getInputStream()));
            try {
                Cli cli = new Cli(env);
                Path a = Media.jpeg(home, "watched-a.jpg", 30_000, 1);
                Path b = Media.jpeg(home, "watched-b.jpg", 30_000, 2);
                assertThat(cli.run("upload", "--queue", a.toString(), b.toString()).exitCode()).isZero();

                List<String> lines = new ArrayList<>();
                while (lines.stream().filter(l -> l.startsWith("uploaded ")).count() < 2) {
                    String line = out.readLine();
                    assertThat(line).as("output so far: %s", lines).isNotNull();
                    lines.add(line);
                }
                assertThat(lines).anyMatch(l -> l.startsWith("uploaded " + a)).anyMatch(l -> l.startsWith("uploaded " + b));
                assertThat(cli.run("queue", "list").out()).contains("DONE").doesNotContain("QUEUED");
            } finally {
                watch.destroy(); // SIGTERM: the watcher stops cleanly
                assertThat(watch.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    private record Result(int code, String output) {
    }

    private Process start(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(command)).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(env);
        builder.environment().put("JAVA_HOME", Path.of(Jvm.java()).getParent().getParent().toString());
        return builder.start();
    }

    private Result run(String... command) throws Exception {
        Path javaHome = Path.of(Jvm.java()).getParent().getParent();
        ProcessBuilder builder = new ProcessBuilder(List.of(command)).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().put("ASSETGATE_HOME", home.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        return new Result(process.waitFor(), output);
    }
}
