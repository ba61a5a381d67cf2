package io.assetgate.server.audit;

import java.time.Clock;

import org.springframework.stereotype.Component;

import io.assetgate.server.housekeeping.RetentionPurge;

/** Purges audit events older than {@code assetgate.audit.retention}, every purge interval. */
@Component
class AuditRetention extends RetentionPurge {

    AuditRetention(AuditRepository repository, AuditProperties properties, Clock clock) {
        super("audit events", properties.retention(), properties.purgeInterval(), clock, repository::purgeBefore);
    }
}
