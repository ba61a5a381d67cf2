package io.assetgate.serverless;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records the name of every S3 operation any client in this JVM starts ({@code GetObject},
 * {@code HeadBucket}, ...), so a test can say which requests the functions send, hence which IAM
 * actions their roles must allow. A global execution interceptor, listed with
 * {@link ForcedAccessDenied}; it changes nothing.
 */
public final class S3Operations implements ExecutionInterceptor {

    private static final List<String> STARTED = new CopyOnWriteArrayList<>();

    /** Forgets what was recorded so far. */
    public static void clear() {
        STARTED.clear();
    }

    /** The operations started since the last {@link #clear()}, in order. */
    public static List<String> started() {
        return List.copyOf(STARTED);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        STARTED.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }
}
