package io.assetgate.server.storage.s3;

import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Asks whether a key exists with a GET of its first byte ({@code Range: bytes=0-0}), because a
 * GET's error answer has a body naming the fault ({@code NoSuchKey}, {@code NoSuchBucket},
 * {@code AccessDenied}) where a HEAD's 404 says neither which. It needs only
 * {@code s3:GetObject} on the key (and {@code s3:ListBucket}, for S3 to answer 404 rather than
 * 403 to a missing key). It MUST stay the way to tell a missing key from a missing bucket, not
 * {@code HeadBucket}: that needs {@code s3:ListBucket} with no {@code s3:prefix} condition, which
 * the serverless functions' roles do not have (deploy/aws/lib/permissions.ts, docs/serverless.md).
 */
final class S3KeyProbe {

    private S3KeyProbe() {
    }

    /**
     * True when {@code key} exists, false on {@code NoSuchKey}; any other fault (a missing bucket,
     * refused credentials, a wrong region, an unreachable store) is thrown as the SDK raised it.
     */
    static boolean exists(S3Client s3, String bucket, String key) {
        try {
            s3.getObject(g -> g.bucket(bucket).key(key).range("bytes=0-0"), ResponseTransformer.toBytes());
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                return true; // an empty object: it exists, it has no first byte
            }
            throw e;
        }
    }
}
