package io.assetgate.server.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * A real clamd (Debian's clamav-daemon) started as a child process on a free port, with a
 * signature database the test writes: an MD5 signature of one given file. No virus database
 * download is needed or possible.
 */
public final class Clamd implements AutoCloseable {

    public static final String SIGNATURE = "Assetgate.Test.Detection";

    private final Process process;
    private final int port;

    private Clamd(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts clamd detecting exactly {@code infected} and waits until it answers PING. */
    public static Clamd start(byte[] infected) {
        try {
            Path dir = TempDirs.create("assetgate-clamd");
            Path db = Files.createDirectories(dir.resolve("db"));
            String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(infected));
            Files.writeString(db.resolve("assetgate-test.hdb"), md5 + ":" + infected.length + ":" + SIGNATURE + "\n");
            int port = ServerTest.freePort();
            Path conf = dir.resolve("clamd.conf");
            Files.writeString(conf, String.join("\n", "DatabaseDirectory " + db, "TCPSocket " + port,
                    "TCPAddr 127.0.0.1", "Foreground yes", "LogFile " + dir.resolve("clamd.log"),
                    "PidFile " + dir.resolve("clamd.pid"), ""));
            Process process = new ProcessBuilder(List.of("/usr/sbin/clamd", "-c", conf.toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("clamd.out").toFile()).start();
            Clamd clamd = new Clamd(process, port);
            TempDirs.stopOnExit(process);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("clamd exited: " + Files.readString(dir.resolve("clamd.out")));
                }
                if (clamd.pings()) {
                    return clamd;
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("clamd did not start");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    private boolean pings() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write("zPING\0".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).startsWith("PONG");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
