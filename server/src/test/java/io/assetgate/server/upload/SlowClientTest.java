package io.assetgate.server.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.ServerTest;
import io.assetgate.server.support.TestFiles;
import tools.jackson.databind.JsonNode;

/**
 * The proxied path against a client that stops sending mid-body, and against a store that
 * really fails: the first is the client's 408, logged without an ERROR and leaving the upload
 * pending and resumable; the second stays a 503 STORAGE_UNAVAILABLE.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "assetgate.upload.body-read-timeout=2s")
class SlowClientTest extends ServerTest {

    @Test
    void aClientSilentMidBodyGets408AndTheUploadStaysPendingAndResumable(CapturedOutput output) throws Exception {
        String token = tokenFor("stalls");
        byte[] photo = TestFiles.jpeg(300, 200);
        JsonNode upload = create(token, "stalled.jpg", "image/jpeg", photo);
        String path = "/v1/uploads/" + upload.get("uploadId").asString();

        long started = System.nanoTime();
        String answer = sendHalfThenWait(path + "/content", token, photo);
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        assertThat(answer).startsWith("HTTP/1.1 408").contains("\"code\":\"REQUEST_TIMEOUT\"");
        assertThat(waited).isBetween(Duration.ofMillis(1_900), Duration.ofSeconds(20));
        assertThat(api.get(path, token).json().get("state").asString()).isEqualTo("PENDING");
        assertThat(temporaryFiles()).as("nothing half-written is kept").isEmpty();
        assertThat(output.getAll()).contains("stopped arriving").doesNotContain("\"log.level\":\"ERROR\"");

        Http.Response resumed = api.putContent(path + "/content", token, "image/jpeg", photo);
        assertThat(resumed.status()).as(resumed.toString()).isEqualTo(200);
        assertThat(Http.fetch(awaitReady(token, upload.get("assetId").asString()).get("url").asString()).bytes())
                .isEqualTo(photo);
    }

    @Test
    void aStoreThatCannotWriteStaysA503AndTheUploadPending() throws Exception {
        String token = tokenFor("store-fails");
        byte[] photo = TestFiles.jpeg(120, 80);
        JsonNode upload = create(token, "unlucky.jpg", "image/jpeg", photo);
        String path = "/v1/uploads/" + upload.get("uploadId").asString();
        // The store writes each object to its .tmp directory first. A file in the directory's
        // place makes every write fail, even for root, whom permissions do not stop.
        Path tmp = dataDir().resolve("objects").resolve(".tmp");
        Files.delete(tmp);
        Files.writeString(tmp, "not a directory");
        try {
            Http.Response failed = api.putContent(path + "/content", token, "image/jpeg", photo);

            assertThat(failed.status()).isEqualTo(503);
            assertThat(failed.code()).isEqualTo("STORAGE_UNAVAILABLE");
            assertThat(api.get(path, token).json().get("state").asString()).isEqualTo("PENDING");
        } finally {
            Files.delete(tmp);
            Files.createDirectory(tmp);
        }
        assertThat(api.putContent(path + "/content", token, "image/jpeg", photo).status()).isEqualTo(200);
    }

    /** Sends the headers and half of the declared body on a raw socket, then waits for the answer. */
    private String sendHalfThenWait(String path, String token, byte[] body) throws IOException {
        URI base = URI.create(api.base());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT " + path + " HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nAuthorization: Bearer "
                    + token + "\r\nContent-Type: image/jpeg\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0;) {
                    answer.write(buffer, 0, n);
                    if (answer.toString(StandardCharsets.UTF_8).contains("}")) {
                        break;
                    }
                }
            } catch (SocketTimeoutException e) {
                // answered nothing within 30 s: the assertions say so
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    private java.util.List<Path> temporaryFiles() throws IOException {
        try (Stream<Path> files = Files.list(dataDir().resolve("objects").resolve(".tmp"))) {
            return files.toList();
        }
    }
}
