package io.assetgate.server.storage.s3;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Presigned S3 URLs (SigV4 in the query string, the payload {@code UNSIGNED-PAYLOAD}), signed by
 * the SDK's own {@link AwsV4HttpSigner}: the signature is the SDK's, only the request is built
 * here (the URL from {@link S3Endpoint}, the headers the caller binds). It replaces the SDK's
 * {@code S3Presigner}, whose pipeline (the S3 endpoint rules engine, execution interceptors, the
 * request models and their marshallers) was a quarter of a Lambda function's cold start
 * (bench/lambda-init.sh, docs/serverless.md) for what is one canonical request and a few HMACs.
 *
 * <p>Every header given is signed: the store refuses a request whose header differs or is
 * missing. {@code Content-Length}, when given, is signed too.
 */
final class S3UrlSigner {

    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private final AwsCredentialsProvider credentials;
    private final String region;
    private final String bucket;
    private final S3Endpoint endpoint;

    /**
     * @throws S3StartupException for an access point or Outposts ARN as the bucket: only the
     *         SDK's endpoint rules place those, and a URL placed here would point elsewhere
     */
    S3UrlSigner(AwsCredentialsProvider credentials, String region, String bucket, S3Endpoint endpoint) {
        if (bucket.startsWith("arn:")) {
            throw new S3StartupException("assetgate.storage.s3.bucket must be a bucket's name, not an ARN ('"
                    + bucket + "')");
        }
        this.credentials = credentials;
        this.region = S3Endpoint.signingRegion(region);
        this.bucket = bucket;
        this.endpoint = endpoint;
    }

    /** A signed request and the instant its signature expires. */
    record Presigned(SdkHttpRequest request, Instant expiration) {

        URI url() {
            return request.getUri();
        }
    }

    /**
     * Signs {@code method} on {@code key} of the bucket, binding {@code headers} and
     * {@code query} (raw values; encoded here), valid for {@code ttl} (1 second to 7 days).
     */
    Presigned sign(SdkHttpMethod method, String key, Map<String, String> headers, Map<String, String> query,
            Duration ttl) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(method).uri(endpoint.object(bucket, key));
        headers.forEach(request::putHeader);
        query.forEach(request::putRawQueryParameter);
        AwsCredentialsIdentity identity = credentials.resolveCredentials();
        // One instant for the signature's date and the expiry the caller is told.
        Instant now = Instant.now();
        SdkHttpRequest signed = SIGNER.sign(s -> s.identity(identity).request(request.build())
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(now, ZoneOffset.UTC))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, ttl)
                // S3's rules, as the SDK's S3 clients sign: the payload is not part of a presigned
                // URL, and object keys are neither encoded twice nor normalized.
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)).request();
        return new Presigned(signed, now.plus(ttl));
    }
}
