package io.assetgate.serverless;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A FORCED fault: while on, every S3 client in this JVM has its deletes and multipart aborts
 * refused with the 403 {@code AccessDenied} AWS answers a role without {@code s3:DeleteObject} or
 * {@code s3:AbortMultipartUpload} (deploy/aws/lib/permissions.ts). S3Proxy has no IAM, so the
 * refusal cannot be caused for real here; it is raised where the SDK starts a request (a global
 * execution interceptor, listed in {@code software/amazon/awssdk/global/handlers/execution.interceptors}),
 * so the store adapter sees and translates the same exception as on AWS. Off unless a test turns it on.
 */
public final class ForcedAccessDenied implements ExecutionInterceptor {

    private static final AtomicBoolean ON = new AtomicBoolean();
    private static final AtomicInteger REFUSED = new AtomicInteger();

    /** Refuses deletes and aborts from now on, and counts them from zero. */
    public static void refuseDeletes() {
        REFUSED.set(0);
        ON.set(true);
    }

    /** Lets deletes through again. */
    public static void allowDeletes() {
        ON.set(false);
    }

    /** How many deletes and aborts were refused since {@link #refuseDeletes()}. */
    public static int refused() {
        return REFUSED.get();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        boolean deleting = request instanceof DeleteObjectRequest || request instanceof DeleteObjectsRequest
                || request instanceof AbortMultipartUploadRequest;
        if (ON.get() && deleting) {
            REFUSED.incrementAndGet();
            throw S3Exception.builder().statusCode(403).message("Access Denied (Service: S3, Status Code: 403)")
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").errorMessage("Access Denied")
                            .serviceName("S3").build())
                    .build();
        }
    }
}
