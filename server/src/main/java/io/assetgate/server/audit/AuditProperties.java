package io.assetgate.server.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param retention audit events older than this are purged
 * @param purgeInterval how often the purge runs
 */
@ConfigurationProperties("assetgate.audit")
public record AuditProperties(@DefaultValue("400d") Duration retention, @DefaultValue("1h") Duration purgeInterval) {
}
