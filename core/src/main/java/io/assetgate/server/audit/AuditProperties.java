package io.assetgate.server.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param retention audit events older than this are purged
 * @param purgeInterval how often the purge runs
 * @param anonymousFailureBudget failed authentications recorded one by one per client address and
 *     window (0: all); past it they are counted, and one row per address and window says how many
 * @param anonymousFailureWindow the window of that budget
 */
@ConfigurationProperties("assetgate.audit")
record AuditProperties(@DefaultValue("400d") Duration retention, @DefaultValue("1h") Duration purgeInterval,
        @DefaultValue("60") int anonymousFailureBudget, @DefaultValue("1m") Duration anonymousFailureWindow) {

    public AuditProperties {
        if (anonymousFailureBudget < 0) {
            throw new IllegalArgumentException("assetgate.audit.anonymous-failure-budget must be 0 or more");
        }
        if (anonymousFailureWindow.isNegative() || anonymousFailureWindow.isZero()) {
            throw new IllegalArgumentException("assetgate.audit.anonymous-failure-window must be positive");
        }
    }
}
