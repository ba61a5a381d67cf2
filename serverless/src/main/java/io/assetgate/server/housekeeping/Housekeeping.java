package io.assetgate.server.housekeeping;

import java.util.Collection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic tasks (retention purges) in Lambda: their own timers are stopped, since a frozen
 * environment would fire them at random, and the scheduled function runs each once per call.
 */
public final class Housekeeping {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

    private Housekeeping() {
    }

    public static void stopTimers(Collection<? extends PeriodicTask> tasks) {
        tasks.forEach(PeriodicTask::stop);
    }

    /** Runs every task once; one that fails is logged and the others still run. */
    public static int runOnce(Collection<? extends PeriodicTask> tasks) {
        int ok = 0;
        for (PeriodicTask task : tasks) {
            try {
                task.runOnce();
                ok++;
            } catch (RuntimeException e) {
                log.warn("{} failed; the next scheduled call runs it again: {}", task.getClass().getSimpleName(),
                        e.getMessage());
            }
        }
        return ok;
    }
}
