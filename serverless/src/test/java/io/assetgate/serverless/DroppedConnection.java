package io.assetgate.serverless;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * A FORCED fault: the first attempt of the next PutObject under a prefix fails after its body was
 * sent, with the IOException a pooled connection that the store had closed gives (after a Lambda
 * environment thawed, say). The SDK then retries, which needs the body a second time. A real
 * closed connection cannot be timed from a test, so it is raised here, after the transmission
 * (a global execution interceptor, listed with {@link ForcedAccessDenied}).
 */
public final class DroppedConnection implements ExecutionInterceptor {

    private static final AtomicReference<String> PREFIX = new AtomicReference<>();
    private static final AtomicInteger DROPPED = new AtomicInteger();

    /** Drops the first attempt of the next PutObject whose key starts with {@code prefix}. */
    public static void onNextPutUnder(String prefix) {
        DROPPED.set(0);
        PREFIX.set(prefix);
    }

    /** How many attempts were dropped since {@link #onNextPutUnder}. */
    public static int dropped() {
        return DROPPED.get();
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        String prefix = PREFIX.get();
        if (prefix != null && context.request() instanceof PutObjectRequest put && put.key().startsWith(prefix)
                && PREFIX.compareAndSet(prefix, null)) {
            DROPPED.incrementAndGet();
            throw SdkClientException.create("Unable to execute HTTP request: Connection reset",
                    new IOException("Connection reset"));
        }
    }
}
