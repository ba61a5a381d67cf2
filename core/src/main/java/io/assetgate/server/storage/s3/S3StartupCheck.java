package io.assetgate.server.storage.s3;

import io.assetgate.server.storage.ObjectKeys;
import io.assetgate.server.storage.StorageProperties;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The startup check of the S3 settings: one GET of the first byte of {@link ObjectKeys#STARTUP_PROBE},
 * a key that never exists, and a one-line reason naming the setting to fix (bucket, region,
 * endpoint or credentials) when it fails. {@code NoSuchKey} means the bucket is there and the
 * credentials may read under the uploads prefix. Not a HeadBucket: see {@link S3KeyProbe}.
 */
final class S3StartupCheck {

    private S3StartupCheck() {
    }

    static void check(S3Client s3, StorageProperties.S3 settings) {
        String where = "bucket '" + settings.bucket() + "' in region '" + settings.region() + "'"
                + (settings.endpoint() == null ? "" : " at " + settings.endpoint());
        try {
            S3KeyProbe.exists(s3, settings.bucket(), ObjectKeys.STARTUP_PROBE);
        } catch (S3Exception e) {
            throw new S3StartupException(reason(e, where, settings));
        } catch (SdkClientException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("credentials")) {
                throw new S3StartupException("no S3 credentials found for " + where
                        + ": set assetgate.storage.s3.access-key and .secret-key, or configure the default AWS"
                        + " credentials chain");
            }
            throw new S3StartupException("cannot reach the S3 endpoint for " + where
                    + " (check assetgate.storage.s3.endpoint and the network): " + firstLine(message));
        }
    }

    private static String reason(S3Exception e, String where, StorageProperties.S3 settings) {
        String code = S3Errors.errorCode(e);
        return switch (e.statusCode()) {
            case 404 -> where + " does not exist (check assetgate.storage.s3.bucket)";
            case 403 -> "the S3 credentials were refused or may not use " + where
                    + " (check assetgate.storage.s3.access-key, .secret-key and the IAM policy)";
            case 301, 307 -> where + " is in another region (check assetgate.storage.s3.region)";
            case 400 -> "the S3 store refused the request for " + where + ": "
                    + (code == null ? "bad request" : code) + " (check assetgate.storage.s3.region and .endpoint)";
            default -> "the S3 store answered " + e.statusCode() + (code == null ? "" : " " + code) + " for "
                    + where + (settings.endpoint() == null ? "" : " (check assetgate.storage.s3.endpoint)");
        };
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
