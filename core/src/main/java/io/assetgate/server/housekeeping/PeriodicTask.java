package io.assetgate.server.housekeeping;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Housekeeping that runs every interval, on a virtual thread of its own, from the
 * application's start until its stop. A run that fails is logged, and the next one tries
 * again. Every instance runs its own: the tasks must be safe to run concurrently, as purges
 * by a condition are.
 */
public abstract class PeriodicTask implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeriodicTask.class);

    private final String name;
    private final Duration firstRunAfter;
    private final Duration interval;
    private ScheduledExecutorService timer;

    /**
     * @param name names the thread and the log line of a failed run
     * @param firstRunAfter how long after start the first run comes
     * @param interval the pause between the end of one run and the start of the next
     */
    protected PeriodicTask(String name, Duration firstRunAfter, Duration interval) {
        this.name = name;
        this.firstRunAfter = firstRunAfter;
        this.interval = interval;
    }

    /** One run of the task. */
    protected abstract void runOnce();

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name(name).factory());
        timer.scheduleWithFixedDelay(() -> {
            try {
                runOnce();
            } catch (RuntimeException e) {
                log.warn("{} failed; it runs again in {}: {}", name, interval, e.getMessage());
            }
        }, firstRunAfter.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
