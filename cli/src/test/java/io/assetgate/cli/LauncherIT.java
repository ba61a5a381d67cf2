package io.assetgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.assetgate.client.support.Jvm;
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

    private record Result(int code, String output) {
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
