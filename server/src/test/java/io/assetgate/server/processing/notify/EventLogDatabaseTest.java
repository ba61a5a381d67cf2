package io.assetgate.server.processing.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.assetgate.server.security.Owner;
import io.assetgate.server.support.TestDatabases;

/**
 * The event log against both databases: a reader that follows positions never skips an event
 * whose transaction committed late, concurrent sequencers never hand out a position twice or
 * leave a hole, and the retention purge deletes only old events.
 */
class EventLogDatabaseTest {

    private static final String DATABASES = "io.assetgate.server.support.TestDatabases#both";

    private static final Owner ALICE = new Owner("https://idp.example", "alice");

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void anEventCommittedLateIsReadAfterTheOnesCommittedBeforeIt(String name, DataSource dataSource) throws Exception {
        migrate(dataSource, null);
        EventSequencer sequencer = sequencer(dataSource);
        EventLog log = log(dataSource);

        try (Connection slow = dataSource.getConnection()) {
            slow.setAutoCommit(false);
            insert(slow, "evt_slow");
            try (Connection fast = dataSource.getConnection()) {
                insert(fast, "evt_fast");
            }
            // The slow event has the lower id, but is not committed: only the fast one is positioned.
            assertThat(sequencer.sequence()).isEqualTo(1);
            List<AssetEvent> firstRead = log.after(0, ALICE, 100);
            assertThat(firstRead).extracting(AssetEvent::eventId).containsExactly("evt_fast");

            slow.commit();
            assertThat(sequencer.sequence()).isEqualTo(1);
            assertThat(log.after(firstRead.getLast().seq(), ALICE, 100)).extracting(AssetEvent::eventId)
                    .containsExactly("evt_slow");
        }
        assertThat(log.head()).isEqualTo(2);
        assertThat(sequencer.sequence()).as("nothing left to position").isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void concurrentSequencersGiveEveryEventOneDistinctPositionWithoutHoles(String name, DataSource dataSource)
            throws Exception {
        migrate(dataSource, null);
        EventSequencer one = sequencer(dataSource);
        EventSequencer other = sequencer(dataSource);
        int writers = 4;
        int eventsPerWriter = 150;
        AtomicBoolean writing = new AtomicBoolean(true);
        try (ExecutorService pool = Executors.newFixedThreadPool(writers + 2)) {
            List<Future<?>> writes = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                writes.add(pool.submit(() -> {
                    try (Connection c = dataSource.getConnection()) {
                        for (int i = 0; i < eventsPerWriter; i++) {
                            insert(c, "evt_" + UUID.randomUUID());
                        }
                    }
                    return null;
                }));
            }
            List<Future<?>> sequencers = new ArrayList<>();
            for (EventSequencer s : List.of(one, other)) {
                sequencers.add(pool.submit(() -> {
                    while (writing.get()) {
                        s.sequence();
                    }
                }));
            }
            for (Future<?> f : writes) {
                f.get();
            }
            writing.set(false);
            for (Future<?> f : sequencers) {
                f.get();
            }
        }
        one.sequence();

        List<Long> positions = JdbcClient.create(dataSource).sql("select position from asset_events order by position")
                .query(Long.class).list();
        int total = writers * eventsPerWriter;
        assertThat(positions).hasSize(total).doesNotContainNull();
        assertThat(positions).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, total).boxed().toList());
        assertThat(log(dataSource).after(0, ALICE, total + 1)).hasSize(total);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void eventsWrittenBeforeTheUpgradeKeepTheirOrderAndNewOnesFollow(String name, DataSource dataSource)
            throws Exception {
        migrate(dataSource, "31");
        try (Connection c = dataSource.getConnection()) {
            insert(c, "evt_old_1");
            insert(c, "evt_old_2");
        }
        migrate(dataSource, null);
        try (Connection c = dataSource.getConnection()) {
            insert(c, "evt_new");
        }

        sequencer(dataSource).sequence();

        assertThat(log(dataSource).after(0, ALICE, 10)).extracting(AssetEvent::eventId)
                .containsExactly("evt_old_1", "evt_old_2", "evt_new");
        assertThat(log(dataSource).after(0, ALICE, 10)).extracting(AssetEvent::seq).containsExactly(1L, 2L, 3L);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void theRetentionPurgeDeletesOnlyEventsOlderThanTheRetention(String name, DataSource dataSource)
            throws Exception {
        migrate(dataSource, null);
        Instant now = Instant.now();
        try (Connection c = dataSource.getConnection()) {
            insert(c, "evt_old", now.minus(Duration.ofDays(31)));
            insert(c, "evt_recent", now.minus(Duration.ofDays(29)));
        }
        sequencer(dataSource).sequence();
        EventLogRetention retention = new EventLogRetention(log(dataSource),
                new EventLogProperties(Duration.ofDays(30), Duration.ofHours(1)), Clock.fixed(now, ZoneOffset.UTC));

        assertThat(retention.purge()).isEqualTo(1);
        assertThat(log(dataSource).after(0, ALICE, 10)).extracting(AssetEvent::eventId).containsExactly("evt_recent");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void thePurgeDeletesInBatchesOfTheSizeAsked(String name, DataSource dataSource) throws Exception {
        migrate(dataSource, null);
        Instant old = Instant.now().minus(Duration.ofDays(40));
        try (Connection c = dataSource.getConnection()) {
            for (int i = 0; i < 5; i++) {
                insert(c, "evt_old_" + i, old);
            }
        }
        sequencer(dataSource).sequence();
        EventLog log = log(dataSource);
        Instant cutoff = Instant.now().minus(Duration.ofDays(30));

        assertThat(List.of(log.purgeBefore(cutoff, 2), log.purgeBefore(cutoff, 2), log.purgeBefore(cutoff, 2)))
                .containsExactly(2, 2, 1);
        assertThat(log.after(0, ALICE, 10)).isEmpty();
    }

    private static void migrate(DataSource dataSource, String target) {
        var config = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
        if (target != null) {
            config.target(target);
        }
        config.load().migrate();
    }

    private static EventSequencer sequencer(DataSource dataSource) {
        return new EventSequencer(JdbcClient.create(dataSource), new JdbcTemplate(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
    }

    private static EventLog log(DataSource dataSource) {
        // No webhooks are configured, so appending never needs the job queue.
        return new EventLog(JdbcClient.create(dataSource), null, new WebhookProperties(List.of()),
                Clock.systemUTC());
    }

    private static void insert(Connection c, String eventId) throws SQLException {
        insert(c, eventId, Instant.now());
    }

    private static void insert(Connection c, String eventId, Instant occurredAt) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                insert into asset_events (event_id, type, asset_id, owner_issuer, owner_subject, occurred_at)
                values (?, 'asset.ready', ?, ?, ?, ?)""")) {
            s.setString(1, eventId);
            s.setString(2, UUID.randomUUID().toString());
            s.setString(3, ALICE.issuer());
            s.setString(4, ALICE.subject());
            s.setTimestamp(5, Timestamp.from(occurredAt));
            s.executeUpdate();
        }
    }
}
