package io.assetgate.server.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.assetgate.server.storage.ObjectKeys;
import io.assetgate.server.storage.StorageProperties;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpMethod;

/**
 * The startup check of the S3 settings: one GET of the first byte of {@link ObjectKeys#STARTUP_PROBE},
 * a key that never exists, and a one-line reason naming the setting to fix (bucket, region,
 * endpoint or credentials) when it fails. {@code NoSuchKey} means the bucket is there and the
 * credentials may read under the uploads prefix. Not a HeadBucket: see {@link S3KeyProbe}.
 * <p>
 * The GET is signed by the store's {@link S3UrlSigner}, which every deployment has anyway, and sent with the
 * JDK's own HTTP connection: building the S3 client only for this request was a fifth of a
 * Lambda function's init (some 700 more classes: the client's protocol, pipeline and HTTP
 * client; 0.3 s of CPU in bench/lambda-init.sh), while signing uploads, all a first
 * {@code POST /v1/uploads} does, needs only the signer. The client is then made on its first
 * real use.
 */
final class S3StartupCheck {

    /** The SDK's own HTTP client defaults (url-connection-client), so the check waits as the client would. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern ERROR_CODE = Pattern.compile("<Code>([^<]*)</Code>");
    /** An S3 error document is a few hundred bytes; more is not read. */
    private static final int MAX_ERROR_BODY = 16 * 1024;
    private static final int ATTEMPTS = 3;

    private S3StartupCheck() {
    }

    static void check(S3UrlSigner signer, StorageProperties.S3 settings) {
        String where = "bucket '" + settings.bucket() + "' in region '" + settings.region() + "'"
                + (settings.endpoint() == null ? "" : " at " + settings.endpoint());
        S3UrlSigner.Presigned get;
        try {
            get = signer.sign(SdkHttpMethod.GET, ObjectKeys.STARTUP_PROBE, Map.of("Range", "bytes=0-0"), Map.of(),
                    Duration.ofMinutes(5));
        } catch (SdkClientException e) {
            throw unreachableOrNoCredentials(String.valueOf(e.getMessage()), where);
        }
        Answer answer = sendWithRetries(get, where);
        // NoSuchKey: the bucket is there and the key, as always, is not. 2xx or 416 (an object of
        // no bytes) would mean someone stored the probe key: readable too.
        boolean readable = answer.status() / 100 == 2 || answer.status() == 416
                || (answer.status() == 404 && "NoSuchKey".equals(answer.code()));
        if (!readable) {
            throw new S3StartupException(reason(answer.status(), answer.code(), where, settings));
        }
    }

    /** A status and the error document's {@code Code}, if any. */
    private record Answer(int status, String code) {
    }

    /**
     * As the SDK's standard retry mode would: up to {@value #ATTEMPTS} attempts when the store is
     * unreachable, throttles or fails (5xx), so a passing hiccup does not fail a start.
     */
    private static Answer sendWithRetries(S3UrlSigner.Presigned get, String where) {
        for (int attempt = 1; ; attempt++) {
            try {
                Answer answer = send(get);
                if (attempt == ATTEMPTS || (answer.status() < 500 && answer.status() != 429)) {
                    return answer;
                }
            } catch (IOException e) {
                if (attempt == ATTEMPTS) {
                    throw unreachableOrNoCredentials(e.getClass().getSimpleName() + ": " + e.getMessage(), where);
                }
            }
            try {
                Thread.sleep(100L << attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new S3StartupException("interrupted while checking " + where);
            }
        }
    }

    private static Answer send(S3UrlSigner.Presigned get) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) get.url().toURL().openConnection();
        try {
            connection.setRequestMethod("GET");
            // A 301 or 307 names another region: it is the answer, not a place to go.
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            connection.setReadTimeout((int) READ_TIMEOUT.toMillis());
            connection.setUseCaches(false);
            for (Map.Entry<String, List<String>> header : get.request().headers().entrySet()) {
                // The connection sets Host from the URL itself, as signed.
                if (!header.getKey().equalsIgnoreCase("host")) {
                    connection.setRequestProperty(header.getKey(), String.join(",", header.getValue()));
                }
            }
            int status = connection.getResponseCode();
            String code = null;
            try (InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                if (body != null) {
                    Matcher matcher = ERROR_CODE.matcher(new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8));
                    code = status >= 300 && matcher.find() ? matcher.group(1) : null;
                }
            }
            return new Answer(status, code);
        } finally {
            connection.disconnect();
        }
    }

    private static S3StartupException unreachableOrNoCredentials(String message, String where) {
        if (message.contains("credentials")) {
            return new S3StartupException("no S3 credentials found for " + where
                    + ": set assetgate.storage.s3.access-key and .secret-key, or configure the default AWS"
                    + " credentials chain");
        }
        return new S3StartupException("cannot reach the S3 endpoint for " + where
                + " (check assetgate.storage.s3.endpoint and the network): " + firstLine(message));
    }

    private static String reason(int status, String code, String where, StorageProperties.S3 settings) {
        return switch (status) {
            case 404 -> where + " does not exist (check assetgate.storage.s3.bucket)";
            case 403 -> "the S3 credentials were refused or may not use " + where
                    + " (check assetgate.storage.s3.access-key, .secret-key and the IAM policy)";
            case 301, 307 -> where + " is in another region (check assetgate.storage.s3.region)";
            case 400 -> "the S3 store refused the request for " + where + ": "
                    + (code == null ? "bad request" : code) + " (check assetgate.storage.s3.region and .endpoint)";
            default -> "the S3 store answered " + status + (code == null ? "" : " " + code) + " for "
                    + where + (settings.endpoint() == null ? "" : " (check assetgate.storage.s3.endpoint)");
        };
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
