package io.assetgate.server.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

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
        try (EventStreamLines stream = EventStreamLines.open(api.base(), alice, null)) {
            String theirs = upload(mallory, "m.jpg", "image/jpeg", TestFiles.jpeg(64, 48)).get("id").asString();
            awaitProcessed(mallory, theirs);
            String mine = upload(alice, "a.jpg", "image/jpeg", TestFiles.jpeg(64, 48)).get("id").asString();

            List<String> seen = stream.until(mine);

            assertThat(seen).anyMatch(l -> l.equals("event:asset.ready"));
            assertThat(seen).anyMatch(l -> l.startsWith("data:") && l.contains(mine));
            assertThat(seen).noneMatch(l -> l.contains(theirs));
        }
    }

    @Test
    void eventStreamResumesAfterTheLastEventIdItWasGiven() throws Exception {
        String token = tokenFor("sse-resume");
        String first;
        String firstEventId;
        try (EventStreamLines stream = EventStreamLines.open(api.base(), token, null)) {
            first = upload(token, "one.jpg", "image/jpeg", TestFiles.jpeg(64, 48)).get("id").asString();
            List<String> seen = stream.until(first);
            // An event is "id:", "event:", then "data:" lines; the id precedes the data naming the asset.
            firstEventId = seen.reversed().stream().filter(l -> l.startsWith("id:")).findFirst().orElseThrow()
                    .substring("id:".length());
        }
        // Events that happen while the client is away are kept for it.
        String second = upload(token, "two.jpg", "image/jpeg", TestFiles.jpeg(64, 48)).get("id").asString();
        awaitProcessed(token, second);

        try (EventStreamLines stream = EventStreamLines.open(api.base(), token, firstEventId)) {
            List<String> seen = stream.until(second);

            assertThat(seen).anyMatch(l -> l.startsWith("data:") && l.contains(second));
            assertThat(seen).as("the event the client had already seen").noneMatch(l -> l.contains(first));
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
