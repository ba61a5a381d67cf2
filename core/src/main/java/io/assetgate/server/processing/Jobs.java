package io.assetgate.server.processing;

import java.time.Instant;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Enqueues durable jobs. A job is a row in {@code scheduled_tasks}; when called inside a
 * transaction the row is written in that transaction (the scheduler's data source is
 * transaction-aware), so a job exists if and only if what caused it committed.
 */
@Component
public class Jobs {

    /** Processes one asset; the instance id is the asset id. */
    public static final String PROCESS_ASSET = "process-asset";
    /** Delivers one event to one webhook endpoint; the instance id is {@code <eventId>|<endpoint index>}. */
    public static final String DELIVER_WEBHOOK = "deliver-webhook";

    /**
     * Looked up on the first enqueue, not when this is made: the event log and its retention purge
     * hold this, and a Lambda function makes those at start (where beans are otherwise lazy), while
     * building the scheduler opens a database connection for its dialect check that only an
     * enqueue needs. The server makes the scheduler at start either way.
     */
    private final ObjectProvider<SchedulerClient> scheduler;

    Jobs(ObjectProvider<SchedulerClient> scheduler) {
        this.scheduler = scheduler;
    }

    /** Enqueues the processing of {@code assetId}, once: enqueueing it again does nothing. */
    public void processAsset(String assetId) {
        scheduler.getObject().scheduleIfNotExists(new TaskInstance<Void>(PROCESS_ASSET, assetId), Instant.now());
    }

    /** Enqueues the delivery of an event to the endpoint at {@code endpoint} in the settings. */
    public void deliverWebhook(String eventId, int endpoint) {
        scheduler.getObject().scheduleIfNotExists(new TaskInstance<Void>(DELIVER_WEBHOOK, eventId + "|" + endpoint),
                Instant.now());
    }
}
