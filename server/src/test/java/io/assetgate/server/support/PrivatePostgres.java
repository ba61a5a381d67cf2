package io.assetgate.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL cluster of the test's own, in a temp dir on a free port, run as a child
 * process, so a test can stop and start the database under a running server without touching
 * any shared one. Binaries come from {@code ASSETGATE_TEST_PG_BIN}, else from
 * {@code pg_config --bindir}, else from the PATH. As root (PostgreSQL refuses to run as
 * root) it runs as user {@code postgres}.
 */
public final class PrivatePostgres implements AutoCloseable {

    private static final String BIN = binDir();
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final Path dir;
    private final int port;

    private PrivatePostgres(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Creates and starts a fresh cluster with trust authentication for user {@code postgres}. */
    public static PrivatePostgres start() {
        Path dir = TempDirs.create("assetgate-pg");
        if (ROOT) {
            run(List.of("chown", "postgres", dir.toString()), false);
        }
        PrivatePostgres pg = new PrivatePostgres(dir, ServerTest.freePort());
        run(List.of(tool("initdb"), "-D", pg.data().toString(), "-U", "postgres", "-A", "trust",
                "--no-sync", "-E", "UTF8"), ROOT);
        pg.resume();
        TempDirs.stopOnExit(pg::close); // a daemon, not a child: it would outlive the JVM and keep its folder
        return pg;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** Stops the server at once, as a crash or a network cut would. */
    public void stop() {
        run(List.of(tool("pg_ctl"), "-D", data().toString(), "-m", "immediate", "-w", "stop"), ROOT);
    }

    /** Starts the (stopped) server again on the same port and data. */
    public void resume() {
        run(List.of(tool("pg_ctl"), "-D", data().toString(), "-w", "-l",
                dir.resolve("server.log").toString(), "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"), ROOT);
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (RuntimeException alreadyStopped) {
            // nothing to do
        }
    }

    private static String binDir() {
        String configured = System.getenv("ASSETGATE_TEST_PG_BIN");
        if (configured != null) {
            return configured;
        }
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String dir = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor() == 0 && Files.isDirectory(Path.of(dir)) ? dir : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String tool(String name) {
        return BIN == null ? name : Path.of(BIN, name).toString();
    }

    private Path data() {
        return dir.resolve("data");
    }

    private static void run(List<String> command, boolean asPostgres) {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("Failed: " + String.join(" ", full) + "\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
