package io.assetgate.serverless;

import java.time.Duration;
import java.time.Instant;

import org.springframework.stereotype.Component;

import com.github.kagkarlsson.scheduler.ScheduledExecutionsFilter;
import com.github.kagkarlsson.scheduler.Scheduler;

/**
 * Runs the processing jobs (and webhook deliveries) that are due, inside a Lambda invocation:
 * the same db-scheduler tasks, retries and failure handling as the server, on the same
 * {@code scheduled_tasks} table. The server's scheduler runs all the time; here it is started by
 * the first invocation that needs it and waited for until nothing due is left, so no job is
 * running when the invocation returns and the environment is frozen.
 */
@Component
public class JobDrain {

    private final Scheduler scheduler;
    private boolean started;

    JobDrain(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Waits until no job is due or running, at most {@code max}; answers whether all were done. */
    public synchronized boolean drain(Duration max) throws InterruptedException {
        if (!started) {
            scheduler.start();
            started = true;
        }
        Instant deadline = Instant.now().plus(max);
        scheduler.triggerCheckForDueExecutions();
        while (Instant.now().isBefore(deadline)) {
            if (nothingDue()) {
                return true;
            }
            Thread.sleep(100);
        }
        return nothingDue();
    }

    private boolean nothingDue() {
        Instant now = Instant.now();
        return scheduler.getScheduledExecutions(ScheduledExecutionsFilter.all()).stream()
                .noneMatch(e -> e.isPicked() || !e.getExecutionTime().isAfter(now));
    }
}
