package io.assetgate.server.processing.notify;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The asset event log's housekeeping.
 *
 * @param retention events older than this are purged; a client that resumes its event stream
 *     after longer gets the events still kept. Must outlast webhook retries, which it does by far.
 * @param purgeInterval how often the purge runs
 */
@ConfigurationProperties("assetgate.events")
record EventLogProperties(@DefaultValue("30d") Duration retention, @DefaultValue("1h") Duration purgeInterval) {

    public EventLogProperties {
        if (retention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("assetgate.events.retention must be at least 1d, so webhook "
                    + "deliveries still being retried find their event");
        }
        if (purgeInterval.isNegative() || purgeInterval.isZero()) {
            throw new IllegalArgumentException("assetgate.events.purge-interval must be positive");
        }
    }
}
