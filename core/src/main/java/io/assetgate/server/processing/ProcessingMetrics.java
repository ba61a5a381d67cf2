package io.assetgate.server.processing;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Processing's meters: how long each job takes, by outcome
 * ({@code assetgate_processing_duration_seconds}), and how many jobs wait in the durable
 * queue ({@code assetgate_processing_queue_depth}), read from the job table so it counts
 * every instance's backlog.
 */
@Component
class ProcessingMetrics {

    private final MeterRegistry registry;

    ProcessingMetrics(MeterRegistry registry, JdbcClient jdbc) {
        this.registry = registry;
        Gauge.builder("assetgate.processing.queue.depth", () -> jdbc
                        .sql("select count(*) from scheduled_tasks where task_name = ? and picked = false")
                        .param(Jobs.PROCESS_ASSET).query(Long.class).single())
                .description("Processing jobs waiting to run")
                .register(registry);
    }

    /** A job that names its outcome when it ends. */
    @FunctionalInterface
    interface NamedOutcome {
        String run() throws Exception;
    }

    /** Runs a processing job, recording its duration under the outcome it names, or {@code error}. */
    String timed(NamedOutcome job) throws Exception {
        long started = System.nanoTime();
        String outcome = "error";
        try {
            outcome = job.run();
            return outcome;
        } finally {
            record(started, outcome);
        }
    }

    /** Records one job's duration under its outcome: ready, quarantined, kept, skipped or error. */
    private void record(long startedNanos, String outcome) {
        Timer.builder("assetgate.processing.duration").description("Time to process one asset")
                .tag("outcome", outcome).register(registry)
                .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }
}
