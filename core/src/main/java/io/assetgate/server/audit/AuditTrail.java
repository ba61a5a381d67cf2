package io.assetgate.server.audit;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.spi.LoggingEventBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

import io.assetgate.server.jdbc.Sql;

/**
 * Records security-relevant events: one row in the append-only audit table and one
 * structured log line each, with who (issuer and subject, client id), from where (IP, user
 * agent), on what (asset and upload ids), the outcome, and the request and trace ids that
 * tie the record to the HTTP exchange and the logs.
 *
 * <p>The context is captured here, on the request's thread; the row is written by the
 * {@link AuditWriter} in its own transaction, so a denial is recorded even though the
 * request's own work rolls back, and a request never needs a second database connection.
 * The log line is written at once and is the fallback record.
 */
@Component
public class AuditTrail implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger("assetgate.audit");

    // Sources tracked at once; beyond it the oldest windows end early, which only records more.
    private static final int MAX_SOURCES = 100_000;

    private final AuditWriter writer;
    private final AuditMetrics metrics;
    private final Clock clock;
    private final AnonymousFailureBudget anonymousBudget;
    private final RequestOrigin origin;
    private volatile boolean running;

    AuditTrail(AuditWriter writer, AuditMetrics metrics, Clock clock, AuditProperties properties,
            ObjectProvider<RequestOrigin> origin) {
        this.writer = writer;
        this.origin = origin.getIfAvailable(() -> RequestOrigin.NONE);
        this.metrics = metrics;
        this.clock = clock;
        this.anonymousBudget = new AnonymousFailureBudget(properties.anonymousFailureBudget(),
                properties.anonymousFailureWindow(), MAX_SOURCES, this::recordLeftOut);
    }

    /** What happened; build with {@link #of} and the chained setters. */
    public record Entry(String action, String outcome, String assetId, String uploadId, String reason, String detail,
            long bytes) {

        public static Entry of(String action, String outcome) {
            return new Entry(action, outcome, null, null, null, null, 0);
        }

        public Entry asset(String id) {
            return new Entry(action, outcome, id, uploadId, reason, detail, bytes);
        }

        public Entry upload(String id) {
            return new Entry(action, outcome, assetId, id, reason, detail, bytes);
        }

        public Entry reason(String r) {
            return new Entry(action, outcome, assetId, uploadId, r, detail, bytes);
        }

        public Entry detail(String d) {
            return new Entry(action, outcome, assetId, uploadId, reason, d, bytes);
        }

        public Entry bytes(long n) {
            return new Entry(action, outcome, assetId, uploadId, reason, detail, n);
        }
    }

    public void record(Entry entry) {
        String issuer = null;
        String subject = null;
        String clientId = null;
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth instanceof JwtAuthenticationToken token) {
            Jwt jwt = token.getToken();
            issuer = jwt.getClaimAsString("iss");
            subject = jwt.getSubject();
            clientId = jwt.getClaimAsString("client_id") != null ? jwt.getClaimAsString("client_id")
                    : jwt.getClaimAsString("azp");
        }
        AuditEvent event = new AuditEvent(0, Sql.now(clock), entry.action(), entry.outcome(),
                subject == null ? null : issuer + "#" + subject, clientId,
                origin.remoteAddress(), origin.userAgent(),
                entry.assetId(), entry.uploadId(), MDC.get("requestId"), MDC.get("traceId"), entry.reason(),
                entry.detail());
        metrics.count(entry);
        write(event, issuer, subject);
    }

    /**
     * Records a failure of a caller without a valid token, such as a failed authentication.
     * Anyone can cause these at will, so each source (an IPv4 address, an IPv6 /64) has
     * {@code assetgate.audit.anonymous-failure-budget} of them recorded one by one per
     * {@code anonymous-failure-window}, and all sources together twenty times that. Past that
     * they are only counted in the metrics, and when the window ends one row (reason
     * {@code left_out}) says how many there were: a flood of bad tokens cannot fill the audit
     * table or the log.
     */
    public void recordAnonymousFailure(Entry entry) {
        if (anonymousBudget.admit(origin.remoteAddress(), clock.instant())) {
            record(entry);
        } else {
            metrics.count(entry);
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /** Writes the left-out counts of the windows still open, while the audit writer still runs. */
    @Override
    public void stop() {
        running = false;
        anonymousBudget.endAll();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the {@link AuditWriter} (phase 0), which writes what this submits on the way out. */
    @Override
    public int getPhase() {
        return 100;
    }

    private void recordLeftOut(String source, AnonymousFailureBudget.Window window) {
        boolean all = AnonymousFailureBudget.ALL_SOURCES.equals(source);
        String detail = window.leftOut.get() + " more failures " + (all ? "from all addresses together" : "from "
                + source) + " in the window from " + window.opened + " were counted but not recorded one by one";
        AuditEvent event = new AuditEvent(0, Sql.now(clock), AuditEvent.AUTH_FAILED, AuditEvent.FAILURE, null, null,
                all ? null : source, null, null, null, null, null, "left_out", detail);
        write(event, null, null);
    }

    /** The structured log line at once, the row through the background writer. */
    private void write(AuditEvent event, String actorIssuer, String actorSubject) {
        logLine(event);
        writer.submit(new AuditWriter.Row(event, actorIssuer, actorSubject));
    }

    private static void logLine(AuditEvent e) {
        LoggingEventBuilder line = log.atInfo().setMessage("audit {} {}").addArgument(e.action())
                .addArgument(e.outcome())
                .addKeyValue("audit.action", e.action()).addKeyValue("audit.outcome", e.outcome());
        add(line, "audit.actor", e.actor());
        add(line, "audit.clientId", e.clientId());
        add(line, "audit.ip", e.ip());
        add(line, "audit.userAgent", e.userAgent());
        add(line, "audit.assetId", e.assetId());
        add(line, "audit.uploadId", e.uploadId());
        add(line, "audit.reason", e.reason());
        add(line, "audit.detail", e.detail());
        line.log();
    }

    private static void add(LoggingEventBuilder line, String key, String value) {
        if (value != null) {
            line.addKeyValue(key, value);
        }
    }
}
