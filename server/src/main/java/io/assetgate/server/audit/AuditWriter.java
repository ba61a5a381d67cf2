package io.assetgate.server.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
 * <p>While the database is down, rows wait in memory (bounded) and are retried; the
 * structured log line written at record time is the fallback record.
 */
@Component
class AuditWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);
    private static final int CAPACITY = 50_000;
    private static final int BATCH = 200;

    /** A row to write: the event plus the actor split into its columns. */
    record Row(AuditEvent event, String actorIssuer, String actorSubject) {
    }

    private final AuditRepository repository;
    private final TransactionTemplate tx;
    private final BlockingQueue<Row> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final AtomicLong pending = new AtomicLong();
    private volatile boolean running;
    private volatile Thread worker;

    AuditWriter(AuditRepository repository, PlatformTransactionManager transactions) {
        this.repository = repository;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    void submit(Row row) {
        pending.incrementAndGet();
        if (!queue.offer(row)) {
            pending.decrementAndGet();
            log.error("Audit queue full; the audit row of {} is only in the log", row.event().action());
        }
    }

    /** Waits until every row submitted so far is written, so the audit API reads its own writes. */
    void flush(Duration timeout) {
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
            try {
                Row first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                write(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void write(List<Row> batch) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                tx.executeWithoutResult(s -> batch.forEach(r -> repository.insert(r.event(), r.actorIssuer(),
                        r.actorSubject())));
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
