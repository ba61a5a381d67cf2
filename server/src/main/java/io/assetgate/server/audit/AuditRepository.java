package io.assetgate.server.audit;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.assetgate.server.jdbc.Sql;

/** The audit table. Append-only: there is no update, and delete only purges past retention. */
@Repository
class AuditRepository {

    private final JdbcClient jdbc;
    /** For batches, which {@link JdbcClient} does not offer. */
    private final JdbcTemplate batches;

    AuditRepository(JdbcClient jdbc, JdbcTemplate batches) {
        this.jdbc = jdbc;
        this.batches = batches;
    }

    /** Appends the rows in one JDBC batch, in the caller's transaction. */
    void insertAll(List<AuditWriter.Row> rows) {
        batches.batchUpdate("""
                insert into audit_events (at, action, outcome, actor_issuer, actor_subject, client_id, ip, user_agent,
                  asset_id, upload_id, request_id, trace_id, reason, detail)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows.stream().map(AuditRepository::columns).toList());
    }

    private static Object[] columns(AuditWriter.Row row) {
        AuditEvent e = row.event();
        return new Object[] {Sql.ts(e.at()), e.action(), e.outcome(), cut(row.actorIssuer(), 512),
            cut(row.actorSubject(), 255), cut(e.clientId(), 255), cut(e.ip(), 64), cut(e.userAgent(), 512),
            cut(e.assetId(), 36), cut(e.uploadId(), 36), cut(e.requestId(), 64), cut(e.traceId(), 64),
            cut(e.reason(), 64), cut(e.detail(), 1024)};
    }

    /** Newest first, strictly before {@code beforeId} when given. */
    List<AuditEvent> page(AuditQuery q, int limit) {
        StringBuilder sql = new StringBuilder("select * from audit_events where 1 = 1");
        var spec = new java.util.LinkedHashMap<String, Object>();
        if (q.assetId() != null) {
            sql.append(" and asset_id = :asset");
            spec.put("asset", q.assetId());
        }
        if (q.actorIssuer() != null) {
            sql.append(" and actor_issuer = :iss");
            spec.put("iss", q.actorIssuer());
        }
        if (q.actorSubject() != null) {
            sql.append(" and actor_subject = :sub");
            spec.put("sub", q.actorSubject());
        }
        if (q.since() != null) {
            sql.append(" and at >= :since");
            spec.put("since", Sql.ts(q.since()));
        }
        if (q.beforeId() != null) {
            sql.append(" and id < :before");
            spec.put("before", q.beforeId());
        }
        sql.append(" order by id desc limit :limit");
        spec.put("limit", limit);
        return jdbc.sql(sql.toString()).params(spec).query((rs, n) -> {
            String iss = rs.getString("actor_issuer");
            String sub = rs.getString("actor_subject");
            return new AuditEvent(rs.getLong("id"), Sql.instant(rs, "at"), rs.getString("action"),
                    rs.getString("outcome"), sub == null ? null : iss + "#" + sub, rs.getString("client_id"),
                    rs.getString("ip"), rs.getString("user_agent"), rs.getString("asset_id"), rs.getString("upload_id"),
                    rs.getString("request_id"), rs.getString("trace_id"), rs.getString("reason"), rs.getString("detail"));
        }).list();
    }

    /** Deletes at most {@code limit} of the events older than {@code cutoff}; answers how many. */
    int purgeBefore(Instant cutoff, int limit) {
        return jdbc.sql("""
                delete from audit_events where id in
                  (select id from audit_events where at < :cutoff fetch first :limit rows only)""")
                .param("cutoff", Sql.ts(cutoff)).param("limit", limit).update();
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    record AuditQuery(String assetId, String actorIssuer, String actorSubject, Instant since, Long beforeId) {
    }
}
