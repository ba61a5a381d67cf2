package io.assetgate.server.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The metrics that follow from audited events, so the counts and the trail always agree:
 * {@code assetgate.uploads.initiated} (not ".created": Prometheus reserves that suffix), {@code .completed}, {@code .failed{reason}},
 * {@code assetgate.uploads.bytes.accepted}, {@code assetgate.limits.hits{kind}},
 * {@code assetgate.auth.failures{reason}} and {@code assetgate.audit.events{action,outcome}}.
 */
@Component
class AuditMetrics {

    private final MeterRegistry registry;

    AuditMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void count(AuditTrail.Entry e) {
        registry.counter("assetgate.audit.events", "action", e.action(), "outcome", e.outcome()).increment();
        switch (e.action()) {
            case AuditEvent.UPLOAD_CREATED -> registry.counter("assetgate.uploads.initiated").increment();
            case AuditEvent.UPLOAD_COMPLETED -> {
                registry.counter("assetgate.uploads.completed").increment();
                Counter.builder("assetgate.uploads.bytes.accepted").baseUnit("bytes").register(registry)
                        .increment(e.bytes());
            }
            case AuditEvent.UPLOAD_INTEGRITY_FAILED -> failed("integrity");
            case AuditEvent.UPLOAD_EXPIRED -> failed("expired");
            case AuditEvent.UPLOAD_ABORTED -> failed("aborted");
            case AuditEvent.QUOTA_EXCEEDED -> registry.counter("assetgate.limits.hits", "kind", "quota").increment();
            case AuditEvent.RATE_LIMITED -> registry.counter("assetgate.limits.hits", "kind", "rate").increment();
            case AuditEvent.AUTH_FAILED -> registry.counter("assetgate.auth.failures", "reason",
                    e.reason() == null ? "invalid" : e.reason()).increment();
            default -> {
                // counted in assetgate.audit.events only
            }
        }
    }

    private void failed(String reason) {
        registry.counter("assetgate.uploads.failed", "reason", reason).increment();
    }
}
