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

    /**
     * Newest first by (at, id), strictly after the position {@code q.before()} when given. The
     * filters and the keyset are one range of one index (V42): the asset's, else the actor's,
     * else the time index; the ORDER BY names the index's columns from the first, for H2.
     */
    List<AuditEvent> page(AuditQuery q, int limit) {
        Query query = query(q, limit);
        return jdbc.sql(query.sql()).params(query.params()).query((rs, n) -> {
            String iss = rs.getString("actor_issuer");
            String sub = rs.getString("actor_subject");
            return new AuditEvent(rs.getLong("id"), Sql.instant(rs, "at"), rs.getString("action"),
                    rs.getString("outcome"), sub == null ? null : iss + "#" + sub, rs.getString("client_id"),
                    rs.getString("ip"), rs.getString("user_agent"), rs.getString("asset_id"), rs.getString("upload_id"),
                    rs.getString("request_id"), rs.getString("trace_id"), rs.getString("reason"), rs.getString("detail"));
        }).list();
    }

    /** The statement {@link #page} runs, for the plan tests too. */
    static Query query(AuditQuery q, int limit) {
        StringBuilder sql = new StringBuilder("select * from audit_events where 1 = 1");
        List<Object> params = new java.util.ArrayList<>();
        String order = "";
        if (q.assetId() != null) {
            sql.append(" and asset_id = ?");
            params.add(q.assetId());
            order = "asset_id, ";
        }
        if (q.actorIssuer() != null) {
            sql.append(" and actor_issuer = ?");
            params.add(q.actorIssuer());
        }
        if (q.actorSubject() != null) {
            sql.append(" and actor_subject = ?");
            params.add(q.actorSubject());
            order = order.isEmpty() ? "actor_subject, " : order;
        }
        if (q.since() != null) {
            sql.append(" and at >= ?");
            params.add(Sql.ts(q.since()));
        }
        if (q.before() != null) {
            sql.append(" and (at, id) < (?, ?)");
            params.add(Sql.ts(q.before().at()));
            params.add(q.before().id());
        }
        sql.append(" order by ").append(order).append("at desc, id desc fetch first ? rows only");
        params.add(limit);
        return new Query(sql.toString(), params);
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

    /** The filters of the list, and the position of the last row of the previous page (or null). */
    record AuditQuery(String assetId, String actorIssuer, String actorSubject, Instant since, Position before) {
    }

    /** A row's place in the list. */
    record Position(Instant at, long id) {
    }

    /** A statement and its parameters, in order. */
    record Query(String sql, List<Object> params) {
    }
}
