package io.assetgate.serverless;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;

import io.assetgate.server.audit.AuditFlush;
import io.assetgate.server.storage.ObjectKeys;
import io.assetgate.server.upload.ObjectArrivals;

/**
 * S3 {@code ObjectCreated} on the uploads prefix: each object is verified against its upload
 * ({@link ObjectArrivals}), and then the processing jobs that are due run here, the same jobs the
 * server runs (content checks, variants, metadata stripping; a video's poster when ffmpeg is
 * given as a layer, else the asset stays AVAILABLE without variants, as on a server without it).
 * The variants processing writes ({@code <original>~<variant>}, under the same prefix) raise
 * events too: they are ignored, so writing variants never starts another round of processing.
 */
public class ObjectCreatedHandler implements RequestHandler<S3Event, String> {

    private static final Logger log = LoggerFactory.getLogger(ObjectCreatedHandler.class);
    /** Left to the invocation for writing out what it did, when Lambda says how long is left. */
    private static final Duration MARGIN = Duration.ofSeconds(10);
    private static final Duration DEFAULT_BUDGET = Duration.ofMinutes(5);

    static {
        Priming.registerIfSnapStart(Core.context());
    }

    private final ObjectArrivals arrivals;
    private final JobDrain jobs;
    private final AuditFlush audit;

    public ObjectCreatedHandler() {
        this(Core.context());
    }

    ObjectCreatedHandler(ApplicationContext context) {
        this.arrivals = context.getBean(ObjectArrivals.class);
        this.jobs = context.getBean(JobDrain.class);
        this.audit = context.getBean(AuditFlush.class);
    }

    @Override
    public String handleRequest(S3Event event, Context context) {
        List<String> outcomes = new ArrayList<>();
        boolean anOriginal = false;
        for (S3EventNotification.S3EventNotificationRecord record : event.getRecords()) {
            if (record.getEventName() == null || !record.getEventName().startsWith("ObjectCreated")) {
                continue;
            }
            // Keys in S3 events are URL-encoded.
            String key = record.getS3().getObject().getUrlDecodedKey();
            if (ObjectKeys.isVariantKey(key)) {
                outcomes.add(key + " ignored (a variant)");
                continue;
            }
            anOriginal = true;
            ObjectArrivals.Settled settled = arrivals.arrived(key);
            log.info("Object {} arrived: {}", key, settled.outcome());
            outcomes.add(key + " " + settled.outcome());
        }
        if (!anOriginal) {
            return String.join("; ", outcomes);
        }
        try {
            boolean done = jobs.drain(budget(context));
            outcomes.add(done ? "jobs done" : "jobs left for the next call");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcomes.add("interrupted");
        } finally {
            audit.flush();
        }
        return String.join("; ", outcomes);
    }

    static Duration budget(Context context) {
        if (context == null) {
            return DEFAULT_BUDGET;
        }
        Duration left = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(MARGIN);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
