package io.assetgate.server.processing.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.assetgate.server.security.Owner;
import io.assetgate.server.support.TestDatabases;

/**
 * A client that stops reading blocks the server's writes to it. That must hold up only its
 * own stream: another owner's events still arrive. The stalled client is an emitter whose
 * event writes block, as a socket's do once its buffers are full; filling real socket
 * buffers would take thousands of events.
 */
class SlowSubscriberTest {

    private static final Owner STALLED = new Owner("https://idp.example", "stalled");
    private static final Owner READER = new Owner("https://idp.example", "reader");

    @Test
    void aClientThatStopsReadingDoesNotHoldUpOtherSubscribers() throws Exception {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(TestDatabases.newH2(), "sa", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        EventStream stream = new EventStream(
                new EventLog(jdbc, null, new WebhookProperties(List.of()), Clock.systemUTC()),
                new EventSequencer(jdbc, new JdbcTemplate(dataSource),
                        new TransactionTemplate(new DataSourceTransactionManager(dataSource))));
        CountDownLatch release = new CountDownLatch(1);
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        stream.start();
        try {
            stream.subscribe(STALLED, null, new StalledEmitter(release));
            stream.subscribe(READER, null, new RecordingEmitter(received));

            insertEvent(jdbc, STALLED, "evt_for_the_stalled_client");
            Thread.sleep(2 * EventStream.POLL.toMillis());
            insertEvent(jdbc, READER, "evt_for_the_reader");

            assertThat(received.poll(10, TimeUnit.SECONDS)).as("the reader's event arrives").isNotNull();
        } finally {
            release.countDown();
            stream.stop();
        }
    }

    private static void insertEvent(JdbcClient jdbc, Owner owner, String eventId) {
        jdbc.sql("""
                insert into asset_events (event_id, type, asset_id, owner_issuer, owner_subject, occurred_at)
                values (?, 'asset.ready', ?, ?, ?, ?)""")
                .params(eventId, UUID.randomUUID().toString(), owner.issuer(), owner.subject(),
                        Timestamp.from(Instant.now()))
                .update();
    }

    /** Accepts comments (the greeting, keep-alives); blocks on the first event until released. */
    private static final class StalledEmitter extends SseEmitter {
        private final CountDownLatch release;

        StalledEmitter(CountDownLatch release) {
            this.release = release;
        }

        @Override
        public void send(SseEventBuilder event) throws IOException {
            if (event.build().stream().anyMatch(part -> String.valueOf(part.getData()).contains("event:"))) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("stopped", e);
                }
            }
            super.send(event);
        }
    }

    /** Records the events it is sent. */
    private static final class RecordingEmitter extends SseEmitter {
        private final BlockingQueue<String> received;

        RecordingEmitter(BlockingQueue<String> received) {
            this.received = received;
        }

        @Override
        public void send(SseEventBuilder event) throws IOException {
            String text = event.build().stream().map(part -> String.valueOf(part.getData()))
                    .reduce("", String::concat);
            if (text.contains("event:")) {
                received.add(text);
            }
            super.send(event);
        }
    }
}
