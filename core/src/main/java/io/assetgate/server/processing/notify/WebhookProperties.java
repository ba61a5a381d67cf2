package io.assetgate.server.processing.notify;

import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Webhook endpoints ({@code assetgate.webhooks[N].url}, {@code .secret}, {@code .events}).
 *
 * @param webhooks the endpoints; none by default
 */
@ConfigurationProperties("assetgate")
record WebhookProperties(List<Endpoint> webhooks) {

    public WebhookProperties {
        webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
    }

    /**
     * One endpoint.
     *
     * @param url where events are POSTed
     * @param secret the signing secret: {@code whsec_<base64>} as Standard Webhooks issues them, or any text
     * @param events the event types it receives; all of them when empty
     */
    public record Endpoint(String url, String secret, Set<String> events) {

        public Endpoint {
            if (url == null || secret == null || secret.isBlank()) {
                throw new IllegalArgumentException("assetgate.webhooks[N] needs a url and a secret");
            }
            events = events == null ? Set.of() : Set.copyOf(events);
        }

        public boolean wants(String type) {
            return events.isEmpty() || events.contains(type);
        }
    }
}
