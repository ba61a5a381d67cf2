package io.assetgate.server.processing.notify;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives committed events their log positions, in the order the sequencer finds them
 * committed.
 *
 * <p>MUST: one sequencer transaction at a time assigns positions, under the lock of the
 * {@code event_sequencer} row, and only to rows it can see, which are committed. So a
 * position becomes visible only after every lower one has, and a reader that follows
 * positions never skips an event, however long the transaction that wrote it took to commit
 * and whichever instance wrote it. Any number of instances may run it.
 */
@Component
class EventSequencer {

    private static final int BATCH = 1000;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final TransactionTemplate tx;

    EventSequencer(JdbcClient jdbc, JdbcTemplate batch, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.tx = tx;
    }

    /** Positions every committed event that has none yet; answers how many it positioned. */
    int sequence() {
        int total = 0;
        int positioned;
        do {
            positioned = sequenceBatch();
            total += positioned;
        } while (positioned == BATCH);
        return total;
    }

    private int sequenceBatch() {
        // A look without the lock first: when nothing waits, which is nearly always, no
        // instance takes the sequencer's lock.
        if (jdbc.sql("select id from asset_events where position is null fetch first 1 rows only").query(Long.class)
                .optional().isEmpty()) {
            return 0;
        }
        Integer positioned = tx.execute(status -> {
            long last = jdbc.sql("select last_position from event_sequencer where id = 1 for update")
                    .query(Long.class).single();
            // Read after the lock is held, so this sees every event committed before the
            // previous sequencer transaction ended.
            List<Long> ids = jdbc.sql("select id from asset_events where position is null order by id fetch first "
                    + BATCH + " rows only").query(Long.class).list();
            List<Object[]> positions = new ArrayList<>(ids.size());
            for (int i = 0; i < ids.size(); i++) {
                positions.add(new Object[] {last + 1 + i, ids.get(i)});
            }
            // One batch, not a round trip per event, while every other sequencer waits for the lock.
            batch.batchUpdate("update asset_events set position = ? where id = ?", positions);
            jdbc.sql("update event_sequencer set last_position = ? where id = 1").param(last + ids.size()).update();
            return ids.size();
        });
        return positioned == null ? 0 : positioned;
    }
}
