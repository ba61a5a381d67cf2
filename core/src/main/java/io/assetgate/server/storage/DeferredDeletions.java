package io.assetgate.server.storage;

import static io.assetgate.server.jdbc.Sql.instant;
import static io.assetgate.server.jdbc.Sql.ts;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.assetgate.server.ids.Ids;
import io.assetgate.server.jdbc.Sql;

/**
 * Deletions a deployment asked for but may not make itself ({@code assetgate.storage.deletes=deferred}):
 * its store records them here instead of deleting (table {@code deferred_deletions}, migration V54),
 * and the reconciler of a deployment that may delete makes them.
 *
 * <p>MUST hold: a recorded deletion is made only once no record wants the object; the caller of
 * {@link #due} decides that (the upload module knows the records), this class only keeps the list.
 * A deletion recorded inside a transaction that rolls back is forgotten with it.
 */
@Repository
public class DeferredDeletions {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final boolean deferring;

    DeferredDeletions(JdbcClient jdbc, Clock clock, StorageProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.deferring = properties.defersDeletes();
    }

    /**
     * True when this deployment's store records deletions instead of making them: it then MUST NOT
     * drain the list, since every delete it made would only be recorded again.
     */
    public boolean deferring() {
        return deferring;
    }

    /** Records that the object at {@code objectKey} (or its multipart upload {@code multipartId}) should go. */
    void record(String objectKey, String multipartId) {
        jdbc.sql("insert into deferred_deletions (id, object_key, multipart_id, requested_at) values (?, ?, ?, ?)")
                .params(Ids.newId(), objectKey, multipartId, ts(Sql.now(clock)))
                .update();
    }

    /** The oldest recorded deletions, at most {@code limit}. */
    public List<Deletion> due(int limit) {
        return jdbc.sql("select * from deferred_deletions order by requested_at, id fetch first ? rows only")
                .param(limit)
                .query((rs, row) -> new Deletion(rs.getString("id"), rs.getString("object_key"),
                        rs.getString("multipart_id"), instant(rs, "requested_at")))
                .list();
    }

    /** Removes a deletion from the list: it was made, or a record that wants the object won. */
    public void forget(Deletion deletion) {
        jdbc.sql("delete from deferred_deletions where id = ?").param(deletion.id()).update();
    }

    /**
     * One recorded deletion: of the object at {@code objectKey}, or, when {@code multipartId} is
     * set, of that multipart upload of the key (its parts).
     */
    public record Deletion(String id, String objectKey, String multipartId, Instant requestedAt) {

        public boolean isMultipart() {
            return multipartId != null;
        }
    }
}
