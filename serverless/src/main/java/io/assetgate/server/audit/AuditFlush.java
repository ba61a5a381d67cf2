package io.assetgate.server.audit;

import java.time.Duration;

import org.springframework.stereotype.Component;

/**
 * Writes out the audit rows still queued, before a Lambda invocation returns: the environment
 * may be frozen, or never thawed again, as soon as it has answered (the server's writer simply
 * keeps running).
 */
@Component
public class AuditFlush {

    private final AuditWriter writer;

    AuditFlush(AuditWriter writer) {
        this.writer = writer;
    }

    public void flush() {
        writer.flush(Duration.ofSeconds(5));
    }
}
