package io.assetgate.serverless;

import org.springframework.context.ApplicationContext;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;

import io.assetgate.server.audit.AuditFlush;
import io.assetgate.server.housekeeping.Housekeeping;
import io.assetgate.server.housekeeping.PeriodicTask;
import io.assetgate.server.upload.ReconcilerRun;

/**
 * The scheduled function (an EventBridge rule, every minute or as configured): the reconciler
 * (expired uploads completed, failed or expired; orphaned objects and multipart uploads
 * removed), the retention purges, and the processing jobs still due (retries, and uploads
 * completed through the API that no object event brought).
 */
public class ReconcilerHandler implements RequestHandler<ScheduledEvent, String> {

    static {
        Priming.registerIfSnapStart(Core.context());
    }

    private final ReconcilerRun reconciler;
    private final JobDrain jobs;
    private final AuditFlush audit;
    private final ApplicationContext context;

    public ReconcilerHandler() {
        this(Core.context());
    }

    ReconcilerHandler(ApplicationContext context) {
        this.context = context;
        this.reconciler = context.getBean(ReconcilerRun.class);
        this.jobs = context.getBean(JobDrain.class);
        this.audit = context.getBean(AuditFlush.class);
    }

    @Override
    public String handleRequest(ScheduledEvent event, Context lambda) {
        try {
            String report = reconciler.run();
            int purges = Housekeeping.runOnce(context.getBeansOfType(PeriodicTask.class).values());
            boolean done = jobs.drain(ObjectCreatedHandler.budget(lambda));
            return report + "; purges run: " + purges + "; " + (done ? "jobs done" : "jobs left for the next call");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            audit.flush();
        }
    }
}
