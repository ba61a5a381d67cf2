package io.assetgate.server.storage.s3;

import java.time.Duration;
import java.util.function.Supplier;

import io.assetgate.server.storage.InvalidPartsException;
import io.assetgate.server.storage.MultipartNotFoundException;
import io.assetgate.server.storage.ObjectNotFoundException;
import io.assetgate.server.storage.StorageException;
import io.assetgate.server.storage.StorageMisconfiguredException;
import io.assetgate.server.storage.StorageUnavailableException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Translates SDK errors into the storage port's exceptions at the adapter's boundary, so no
 * SDK type leaves this package: a missing key is not-found, throttling, 5xx and network
 * failures are "unavailable, retry later", refused credentials, a missing bucket or a wrong
 * region are "misconfigured, do not retry", and anything else is a plain storage failure.
 */
final class S3Errors {

    /** Used when the store says to retry but not when. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

    private S3Errors() {
    }

    /** Runs {@code call}, translating any SDK error about {@code key}. */
    static <T> T call(String key, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw translate(key, e);
        }
    }

    static void run(String key, Runnable call) {
        call(key, () -> {
            call.run();
            return null;
        });
    }

    static StorageException translate(String key, SdkException e) {
        if (e instanceof NoSuchKeyException) {
            return new ObjectNotFoundException(key);
        }
        if (e instanceof NoSuchUploadException) {
            return new MultipartNotFoundException(key);
        }
        if (e instanceof S3Exception s3) {
            return translateService(key, s3);
        }
        if (e instanceof SdkClientException) {
            return new StorageUnavailableException("Cannot reach the object store: " + e.getMessage(), e,
                    DEFAULT_RETRY_AFTER);
        }
        return new StorageException("Object store failure for " + key, e);
    }

    private static StorageException translateService(String key, S3Exception e) {
        String code = errorCode(e);
        int status = e.statusCode();
        if ("NoSuchUpload".equals(code)) {
            return new MultipartNotFoundException(key);
        }
        if (isPermanent(status, code)) {
            return new StorageMisconfiguredException("The object store refuses this server: " + code + " (" + status
                    + "); check the bucket, region, credentials and IAM policy", e);
        }
        if (status == 404) {
            return new ObjectNotFoundException(key);
        }
        if ("InvalidPart".equals(code) || "InvalidPartOrder".equals(code) || "EntityTooSmall".equals(code)) {
            return new InvalidPartsException("The store refused the part list: " + code);
        }
        if (status == 429 || status >= 500 || e.isThrottlingException() || "SlowDown".equals(code)) {
            return new StorageUnavailableException("The object store is unavailable: " + code + " (" + status + ")",
                    e, retryAfter(e));
        }
        return new StorageException("The object store refused a request for " + key + ": " + code + " (" + status
                + ")", e);
    }

    /**
     * Faults only an operator can fix: refused credentials or permissions (403, except an expired
     * session token, which the credentials provider renews), a missing bucket, a bucket in another
     * region (301, or 400 with the region named wrongly in the signature).
     */
    private static boolean isPermanent(int status, String code) {
        if (status == 403) {
            return !"ExpiredToken".equals(code) && !"RequestTimeTooSkewed".equals(code);
        }
        return "NoSuchBucket".equals(code) || status == 301 || "PermanentRedirect".equals(code)
                || "AuthorizationHeaderMalformed".equals(code) || "IllegalLocationConstraintException".equals(code);
    }

    static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    private static Duration retryAfter(S3Exception e) {
        if (e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null) {
            return DEFAULT_RETRY_AFTER;
        }
        return e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After")
                .flatMap(S3Errors::seconds).orElse(DEFAULT_RETRY_AFTER);
    }

    private static java.util.Optional<Duration> seconds(String value) {
        try {
            return java.util.Optional.of(Duration.ofSeconds(Math.max(1, Long.parseLong(value.strip()))));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}
