package io.assetgate.server.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A test's open subscription to {@code GET /v1/events}, read line by line as the server sends. */
final class EventStreamLines implements AutoCloseable {

    private final HttpClient client;
    private final HttpResponse<Stream<String>> response;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;

    private EventStreamLines(HttpClient client, HttpResponse<Stream<String>> response) {
        this.client = client;
        this.response = response;
        this.reader = Thread.ofVirtual().start(() -> {
            try {
                response.body().forEach(lines::add);
            } catch (UncheckedIOException closedByTheTest) {
                // the stream ends when the test closes it
            }
        });
    }

    /** Subscribes as the token's owner; with {@code lastEventId}, resumes after that event. */
    static EventStreamLines open(String base, String token, String lastEventId) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/v1/events"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = client.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        return new EventStreamLines(client, response);
    }

    /** The lines received until one contains {@code text} (included), waiting at most 30 s. */
    List<String> until(String text) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (seen.stream().noneMatch(l -> l.contains(text)) && System.nanoTime() < deadline) {
            String line = lines.poll(500, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.add(line);
            }
        }
        return seen;
    }

    /** Whether the server ended the stream within {@code timeout}. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        reader.join(timeout);
        return !reader.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        response.body().close();
        reader.join(5000);
        client.shutdownNow();
    }
}
