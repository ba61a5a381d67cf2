package io.assetgate.server.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes audit rows in the background, in batches, on its own connection.
 *
 * <p>Why not in the request: audit events are raised while the request holds a pooled
 * connection (inside or just after its transaction). Writing them there would need a second
 * connection per request, and under load every request would hold one connection while
 * waiting for another: the pool deadlocks. One writer needs at most one connection.
 *
 * <p>The writer is not woken per row: it wakes every {@link #INTERVAL_MILLIS} ms and writes
 * what has gathered in one JDBC batch. Waking it for each row (a blocking queue's signal)
 * cost a thread switch per request, about 4% of a create's CPU under load.
 *
 * <p>While the database is down, rows wait in memory (bounded) and are retried; the
 * structured log line written at record time is the fallback record.
 */
@Component
class AuditWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);
    private static final int CAPACITY = 50_000;
    private static final int BATCH = 500;
    private static final long INTERVAL_MILLIS = 25;

    /** A row to write: the event plus the actor split into its columns. */
    record Row(AuditEvent event, String actorIssuer, String actorSubject) {
    }

    private final AuditRepository repository;
    private final TransactionTemplate tx;
    private final Queue<Row> queue = new ConcurrentLinkedQueue<>();
    /** Rows submitted and not yet written (or dropped); also bounds the queue. */
    private final AtomicLong pending = new AtomicLong();
    private volatile boolean running;
    private volatile Thread worker;

    AuditWriter(AuditRepository repository, PlatformTransactionManager transactions) {
        this.repository = repository;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    void submit(Row row) {
        if (pending.incrementAndGet() > CAPACITY) {
            pending.decrementAndGet();
            log.error("Audit queue full; the audit row of {} is only in the log", row.event().action());
            return;
        }
        queue.add(row);
    }

    /** Waits until every row submitted so far is written, so the audit API reads its own writes. */
    void flush(Duration timeout) {
        LockSupport.unpark(worker);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void run() {
        List<Row> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            Row row;
            while (batch.size() < BATCH && (row = queue.poll()) != null) {
                batch.add(row);
            }
            if (batch.isEmpty()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(INTERVAL_MILLIS));
                continue;
            }
            try {
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            batch.clear();
        }
    }

    private void write(List<Row> batch) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                tx.executeWithoutResult(s -> repository.insertAll(batch));
                pending.addAndGet(-batch.size());
                return;
            } catch (RuntimeException e) {
                if (attempt >= 30 || !running) {
                    log.error("Dropping {} audit rows after {} attempts (they remain in the log): {}", batch.size(),
                            attempt, e.getMessage());
                    pending.addAndGet(-batch.size());
                    return;
                }
                Thread.sleep(Math.min(1000L * attempt, 5000L));
            }
        }
    }

    @Override
    public void start() {
        // Set before the thread starts: the loop runs while this is true.
        running = true;
        worker = Thread.ofPlatform().daemon().name("audit-writer").start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        Thread stopping = worker;
        LockSupport.unpark(stopping);
        worker = null;
        if (stopping != null) {
            try {
                stopping.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Started before the web server and stopped after it, so requests draining at shutdown are still written. */
    @Override
    public int getPhase() {
        return 0;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
