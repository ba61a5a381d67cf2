package io.assetgate.server.processing.scan;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.assetgate.server.processing.ProcessingProperties;

/**
 * Scans through clamd's INSTREAM command over TCP: the file goes in length-prefixed chunks,
 * a zero-length chunk ends it, and clamd answers {@code stream: OK} or
 * {@code stream: <signature> FOUND}.
 */
class ClamAvScanner implements Scanner {

    private static final int CHUNK = 64 * 1024;

    private final ProcessingProperties.Scan settings;

    public ClamAvScanner(ProcessingProperties.Scan settings) {
        this.settings = settings;
    }

    @Override
    public Verdict scan(Path file) throws IOException {
        int timeout = (int) settings.timeout().toMillis();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(settings.clamdHost(), settings.clamdPort()), timeout);
            socket.setSoTimeout(timeout);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.write("zINSTREAM\0".getBytes(StandardCharsets.US_ASCII));
            byte[] buffer = new byte[CHUNK];
            try (InputStream in = Files.newInputStream(file)) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    out.writeInt(n);
                    out.write(buffer, 0, n);
                }
            }
            out.writeInt(0);
            out.flush();
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
                    .replace("\0", "").strip();
            return parse(reply);
        }
    }

    static Verdict parse(String reply) throws IOException {
        if (reply.endsWith(" OK")) {
            return Verdict.clean();
        }
        if (reply.endsWith(" FOUND")) {
            String body = reply.substring(reply.indexOf(':') + 1, reply.length() - " FOUND".length()).strip();
            return new Verdict(body);
        }
        throw new IOException("clamd answered: " + reply);
    }
}
