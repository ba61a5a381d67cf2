package io.assetgate.server.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.TestFiles;
import io.assetgate.server.support.WebhookReceiver;
import tools.jackson.databind.JsonNode;

/** Webhooks to a real receiver and the SSE stream, over real HTTP. */
class NotificationTest extends ProcessingServerTest {

    @Test
    void webhookIsSignedAndRetriedUntilTheReceiverAcceptsIt() throws Exception {
        String token = tokenFor("webhook-owner");
        String assetId = upload(token, "hook.jpg", "image/jpeg", TestFiles.jpeg(320, 240)).get("id").asString();
        assertThat(awaitProcessed(token, assetId).get("state").asString()).isEqualTo("READY");

        List<WebhookReceiver.Delivery> attempts = awaitDeliveries(assetId, "asset.ready", 3);

        assertThat(attempts).extracting(WebhookReceiver.Delivery::answered).containsExactly(500, 500, 204);
        assertThat(attempts).extracting(WebhookReceiver.Delivery::id).containsOnly(attempts.getFirst().id());
        for (WebhookReceiver.Delivery d : attempts) {
            assertThat(d.signature()).isEqualTo("v1," + hmac(d.id() + "." + d.timestamp() + "." + d.body()));
            assertThat(Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(d.timestamp()))).isLessThan(300);
        }
        JsonNode body = Http.JSON.readTree(attempts.getLast().body());
        assertThat(body.get("type").asString()).isEqualTo("asset.ready");
        assertThat(body.get("data").get("assetId").asString()).isEqualTo(assetId);

        assertThat(api.delete("/v1/assets/" + assetId, token).status()).isEqualTo(204);
        assertThat(awaitDeliveries(assetId, "asset.deleted", 3).getLast().answered()).isEqualTo(204);
    }

    @Test
    void eventStreamCarriesOnlyTheCallersOwnEvents() throws Exception {
        String alice = tokenFor("sse-alice");
        String mallory = tokenFor("sse-mallory");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.base() + "/v1/events"))
                .header("Authorization", "Bearer " + alice).header("Accept", "text/event-stream").GET().build();
        HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                response.body().forEach(lines::add);
            } catch (java.io.UncheckedIOException closedByTheTest) {
                // the stream ends when the test closes it
            }
        });
        try {
            String theirs = upload(mallory, "m.jpg", "image/jpeg", TestFiles.jpeg(64, 48)).get("id").asString();
            awaitProcessed(mallory, theirs);
            String mine = upload(alice, "a.jpg", "image/jpeg", TestFiles.jpeg(64, 48)).get("id").asString();

            List<String> seen = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen.stream().noneMatch(l -> l.contains(mine)) && System.nanoTime() < deadline) {
                String line = lines.poll(500, TimeUnit.MILLISECONDS);
                if (line != null) {
                    seen.add(line);
                }
            }
            assertThat(seen).anyMatch(l -> l.equals("event:asset.ready"));
            assertThat(seen).anyMatch(l -> l.startsWith("data:") && l.contains(mine));
            assertThat(seen).noneMatch(l -> l.contains(theirs));
        } finally {
            response.body().close();
            reader.join(5000);
            client.shutdownNow();
        }
    }

    @Test
    void eventStreamNeedsAToken() {
        assertThat(api.get("/v1/events", null).status()).isEqualTo(401);
    }

    private static List<WebhookReceiver.Delivery> awaitDeliveries(String assetId, String type, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<WebhookReceiver.Delivery> matching = List.of();
        while (System.nanoTime() < deadline) {
            matching = RECEIVER.deliveries().stream()
                    .filter(d -> d.body().contains(assetId) && d.body().contains("\"" + type + "\"")).toList();
            if (matching.size() >= count) {
                return matching;
            }
            pause(100);
        }
        throw new AssertionError("deliveries of " + type + " so far: " + matching);
    }

    private static String hmac(String content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(WEBHOOK_SECRET.substring("whsec_".length())),
                "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    }
}
