package io.assetgate.server.processing.notify;

import static io.assetgate.server.jdbc.Sql.instant;
import static io.assetgate.server.jdbc.Sql.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.assetgate.server.asset.AssetEvents;
import io.assetgate.server.ids.Ids;
import io.assetgate.server.jdbc.Sql;
import io.assetgate.server.processing.Jobs;
import io.assetgate.server.security.Owner;

/**
 * The asset event log: every event is a row, appended in the transaction that caused it,
 * together with one durable delivery job per interested webhook endpoint. The SSE stream
 * reads the same rows, so every instance sees every event.
 */
@Component
public class EventLog {

    private final JdbcClient jdbc;
    private final Jobs jobs;
    private final WebhookProperties webhooks;
    private final Clock clock;

    EventLog(JdbcClient jdbc, Jobs jobs, WebhookProperties webhooks, Clock clock) {
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.webhooks = webhooks;
        this.clock = clock;
    }

    /** Appends an event and enqueues its webhook deliveries; call inside the transaction that made it happen. */
    public void append(String type, String assetId, Owner owner, String reason) {
        String eventId = "msg_" + Ids.newUniqueId().toString().replace("-", "");
        jdbc.sql("""
                insert into asset_events (event_id, type, asset_id, owner_issuer, owner_subject, reason, occurred_at)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(eventId, type, assetId, owner.issuer(), owner.subject(), reason, ts(Sql.now(clock)))
                .update();
        for (int i = 0; i < webhooks.webhooks().size(); i++) {
            if (webhooks.webhooks().get(i).wants(type)) {
                jobs.deliverWebhook(eventId, i);
            }
        }
    }

    /** Runs in the deleting transaction, which {@code AssetService.delete} publishes it in. */
    @EventListener
    void onDeleted(AssetEvents.AssetDeleted deleted) {
        append(AssetEvent.DELETED, deleted.assetId(), deleted.owner(), null);
    }

    public Optional<AssetEvent> find(String eventId) {
        return jdbc.sql("select * from asset_events where event_id = ?").param(eventId).query(EventLog::map)
                .optional();
    }

    /**
     * {@code owner}'s events after log position {@code seq}, oldest first. Only events that
     * {@link EventSequencer} has positioned are read: positions, unlike ids, become visible in
     * increasing order, so a reader that remembers the last one it saw never skips an event.
     */
    public List<AssetEvent> after(long seq, Owner owner, int limit) {
        return jdbc.sql("""
                select * from asset_events where owner_issuer = ? and owner_subject = ? and position > ?
                order by position fetch first ? rows only""")
                .params(owner.issuer(), owner.subject(), seq, limit).query(EventLog::map).list();
    }

    /** The newest log position, 0 when there is none. */
    public long head() {
        return jdbc.sql("select coalesce(max(position), 0) from asset_events").query(Long.class).single();
    }

    /**
     * Deletes at most {@code limit} of the events that occurred before {@code cutoff}; answers
     * how many. Only positioned ones: an event the sequencer has not reached yet is never older
     * than a moment.
     */
    public int purgeBefore(Instant cutoff, int limit) {
        return jdbc.sql("""
                delete from asset_events where id in
                  (select id from asset_events where occurred_at < ? and position is not null
                   fetch first ? rows only)""")
                .params(ts(cutoff), limit).update();
    }

    public long seqOf(String eventId) {
        return find(eventId).map(AssetEvent::seq).orElse(0L);
    }

    private static AssetEvent map(ResultSet rs, int row) throws SQLException {
        return new AssetEvent(rs.getLong("position"), rs.getString("event_id"), rs.getString("type"),
                rs.getString("asset_id"), new Owner(rs.getString("owner_issuer"), rs.getString("owner_subject")),
                rs.getString("reason"), instant(rs, "occurred_at"));
    }
}
