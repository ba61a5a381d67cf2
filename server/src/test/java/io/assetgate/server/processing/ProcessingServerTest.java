package io.assetgate.server.processing;

import java.time.Duration;
import java.util.Base64;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.assetgate.server.support.Clamd;
import io.assetgate.server.support.Http;
import io.assetgate.server.support.ServerTest;
import io.assetgate.server.support.TestFiles;
import io.assetgate.server.support.WebhookReceiver;
import tools.jackson.databind.JsonNode;

/**
 * The server with every processing feature on, shared by the processing tests (one cached
 * context): a real clamd that knows one test signature, a real webhook receiver that fails
 * each message twice, stripping of original metadata, and short job intervals.
 */
@AutoConfigureMetrics
abstract class ProcessingServerTest extends ServerTest {

    /** The file clamd's test database detects. */
    static final byte[] INFECTED = TestFiles.jpeg(97, 61);
    static final String WEBHOOK_SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "assetgate-test-webhook-secret-32b".getBytes());
    static final WebhookReceiver RECEIVER = new WebhookReceiver(2);
    private static Clamd clamd;

    @DynamicPropertySource
    static void processingProperties(DynamicPropertyRegistry registry) {
        registry.add("assetgate.processing.scan.clamd-host", () -> "127.0.0.1");
        registry.add("assetgate.processing.scan.clamd-port", () -> clamd().port());
        registry.add("assetgate.processing.strip-original-metadata", () -> "true");
        registry.add("assetgate.processing.max-frames", () -> "50");
        registry.add("assetgate.processing.polling-interval", () -> "100ms");
        registry.add("assetgate.processing.retry-backoff", () -> "200ms");
        registry.add("assetgate.processing.webhook-backoff", () -> "200ms");
        registry.add("assetgate.webhooks[0].url", RECEIVER::url);
        registry.add("assetgate.webhooks[0].secret", () -> WEBHOOK_SECRET);
    }

    private static synchronized Clamd clamd() {
        if (clamd == null) {
            clamd = Clamd.start(INFECTED);
        }
        return clamd;
    }

    /** Polls the asset until processing has moved it out of AVAILABLE (or {@code timeout} passes). */
    JsonNode awaitProcessed(String token, String assetId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode asset = null;
        while (System.nanoTime() < deadline) {
            Http.Response r = api.get("/v1/assets/" + assetId, token);
            asset = r.json();
            if (!asset.get("state").asString().equals("AVAILABLE")) {
                return asset;
            }
            pause(100);
        }
        throw new AssertionError("still AVAILABLE: " + asset);
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
