package io.assetgate.server.processing.notify;

import java.time.Clock;

import org.springframework.stereotype.Component;

import io.assetgate.server.housekeeping.RetentionPurge;

/** Purges asset events older than {@code assetgate.events.retention}, every purge interval. */
@Component
class EventLogRetention extends RetentionPurge {

    EventLogRetention(EventLog events, EventLogProperties properties, Clock clock) {
        super("asset events", properties.retention(), properties.purgeInterval(), clock, events::purgeBefore);
    }
}
