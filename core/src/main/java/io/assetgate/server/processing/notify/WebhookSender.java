package io.assetgate.server.processing.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers one event to one endpoint following Standard Webhooks: headers {@code webhook-id},
 * {@code webhook-timestamp} (seconds) and {@code webhook-signature}
 * ({@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}). Anything but a 2xx answer throws,
 * and the job is retried with backoff; the id stays the same, so receivers can deduplicate.
 */
@Component
public class WebhookSender {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final EventLog events;
    private final WebhookProperties properties;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    WebhookSender(EventLog events, WebhookProperties properties) {
        this.events = events;
        this.properties = properties;
    }

    /** Delivers the job {@code <eventId>|<endpoint index>}. */
    public void deliver(String job) throws IOException, InterruptedException {
        String eventId = job.substring(0, job.indexOf('|'));
        int index = Integer.parseInt(job.substring(job.indexOf('|') + 1));
        if (index >= properties.webhooks().size()) {
            log.warn("Webhook endpoint {} is no longer configured; dropping {}", index, eventId);
            return;
        }
        AssetEvent event = events.find(eventId).orElse(null);
        if (event == null) {
            return;
        }
        WebhookProperties.Endpoint endpoint = properties.webhooks().get(index);
        String body = JSON.writeValueAsString(event.body());
        String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.url()))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .header("webhook-id", eventId)
                .header("webhook-timestamp", timestamp)
                .header("webhook-signature", "v1," + sign(endpoint.secret(), eventId + "." + timestamp + "." + body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("webhook " + endpoint.url() + " answered " + response.statusCode());
        }
    }

    /** Base64 HMAC-SHA256; a {@code whsec_} secret is base64 of the key, as Standard Webhooks defines. */
    static String sign(String secret, String content) {
        byte[] key = secret.startsWith("whsec_") ? Base64.getDecoder().decode(secret.substring(6))
                : secret.getBytes(StandardCharsets.UTF_8);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
