package io.assetgate.server.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.presigner.PresignedRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The store signs with the SDK's SigV4 signer and places the URL itself ({@link S3Endpoint});
 * the SDK's {@link S3Presigner}, which it replaced, is the reference: for every region the SDK
 * knows and each endpoint, path style and bucket name, both must sign the same method, host,
 * path, query and headers with the same credential scope. (Whether a store accepts the signature
 * is tested for real: the S3Proxy tests PUT to and GET from the signed URLs.)
 */
class S3UrlSignerTest {

    private static final String KEY = "assets/ab/0f1e~IMG 0001+ü.jpg";
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider
            .create(AwsSessionCredentials.create("AKIDEXAMPLE", "secret", "session-token"));
    private static final Map<String, String> PUT_HEADERS = Map.of("Content-Type", "image/jpeg", "Content-Length",
            "1234", "If-None-Match", "*", "x-amz-checksum-sha256", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
            "x-amz-server-side-encryption", "aws:kms", "x-amz-server-side-encryption-aws-kms-key-id", "alias/assetgate");

    @Test
    void placesUrlsAsTheSdkDoesInEveryRegion() {
        // The SDK's other pseudo-regions (aws-cn-global, aws-us-gov-global, ...) are no S3
        // regions: the SDK signs them for hosts that do not exist. aws-global is us-east-1.
        List<String> regions = new ArrayList<>(Region.regions().stream()
                .filter(r -> !r.isGlobalRegion() || r.id().equals("aws-global")).map(Region::id).toList());
        regions.add("xx-unknown-1");
        for (String region : regions) {
            for (boolean pathStyle : new boolean[] {false, true}) {
                for (String bucket : new String[] {"assetgate", "my.assets", "Upper_Case"}) {
                    assertSignsAsTheSdk(region, null, pathStyle, bucket);
                }
            }
        }
    }

    @Test
    void knowsEveryPartitionsDnsSuffix() {
        for (Region region : Region.regions().stream().filter(r -> !r.isGlobalRegion()).toList()) {
            assertThat(S3Endpoint.dnsSuffix(region.id())).as(region.id())
                    .isEqualTo(PartitionMetadata.of(region).dnsSuffix());
        }
    }

    @ParameterizedTest(name = "{0} pathStyle={1} bucket={2}")
    @CsvSource({
        "http://127.0.0.1:9000, true, assetgate", "http://127.0.0.1:9000, false, assetgate",
        "http://localhost:9000, false, assetgate", "http://localhost:9000, true, my.assets",
        "https://minio.example.com, false, assetgate", "https://minio.example.com, false, my.assets",
        "https://minio.example.com/base, false, assetgate", "https://minio.example.com/base/, true, assetgate",
        "https://minio.example.com:9443, false, assetgate", "https://r2.example.com, true, Upper_Case",
        "http://s3.internal:8080, false, my.assets"})
    void placesUrlsAsTheSdkDoesWithAnEndpoint(String endpoint, boolean pathStyle, String bucket) {
        assertSignsAsTheSdk("eu-west-1", endpoint, pathStyle, bucket);
        assertSignsAsTheSdk("us-east-1", endpoint, pathStyle, bucket);
    }

    @Test
    void signsDownloadsAndPartsAsTheSdkDoes() {
        S3UrlSigner signer = signer("eu-west-1", null, false, "assetgate");
        try (S3Presigner sdk = presigner("eu-west-1", null, false)) {
            String disposition = "attachment; filename=\"IMG 0001.jpg\"; filename*=UTF-8''IMG%200001.jpg";
            var get = signer.sign(SdkHttpMethod.GET, KEY, Map.of(),
                    Map.of("response-content-disposition", disposition, "response-content-type", "image/jpeg"),
                    Duration.ofMinutes(5));
            var sdkGet = sdk.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5)).getObjectRequest(g -> g
                    .bucket("assetgate").key(KEY).responseContentDisposition(disposition).responseContentType("image/jpeg")));
            assertSame(get, sdkGet);

            var part = signer.sign(SdkHttpMethod.PUT, KEY, Map.of("Content-Length", "5242880"),
                    Map.of("partNumber", "7", "uploadId", "up/load+id="), Duration.ofMinutes(5));
            var sdkPart = sdk.presignUploadPart(p -> p.signatureDuration(Duration.ofMinutes(5)).uploadPartRequest(u -> u
                    .bucket("assetgate").key(KEY).partNumber(7).uploadId("up/load+id=").contentLength(5242880L)));
            assertSame(part, sdkPart);

            var range = signer.sign(SdkHttpMethod.GET, "assets/startup-probe", Map.of("Range", "bytes=0-0"), Map.of(),
                    Duration.ofMinutes(5));
            var sdkRange = sdk.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket("assetgate").key("assets/startup-probe").range("bytes=0-0")));
            assertSame(range, sdkRange);
        }
    }

    @Test
    void expiresWhenTheSignatureSays() {
        Instant before = Instant.now().minusSeconds(1);
        var signed = signer("eu-west-1", null, false, "assetgate").sign(SdkHttpMethod.PUT, KEY, PUT_HEADERS, Map.of(),
                Duration.ofMinutes(5));
        Map<String, String> query = query(signed.url());
        assertThat(query).containsEntry("X-Amz-Expires", "300").containsEntry("X-Amz-Security-Token", "session-token");
        assertThat(signed.expiration()).isAfter(before.plusSeconds(300)).isBefore(Instant.now().plusSeconds(301));
        assertThat(signed.expiration().getEpochSecond() - 300).isEqualTo(
                java.time.LocalDateTime.parse(query.get("X-Amz-Date"),
                        java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
                        .toInstant(java.time.ZoneOffset.UTC).getEpochSecond());
    }

    @Test
    void refusesAnArnForABucket() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> signer("eu-west-1", null, false,
                "arn:aws:s3:eu-west-1:123456789012:accesspoint/assetgate"))
                .isInstanceOf(S3StartupException.class).hasMessageContaining("not an ARN");
    }

    private static void assertSignsAsTheSdk(String region, String endpoint, boolean pathStyle, String bucket) {
        var signed = signer(region, endpoint, pathStyle, bucket).sign(SdkHttpMethod.PUT, KEY, PUT_HEADERS, Map.of(),
                Duration.ofMinutes(5));
        try (S3Presigner sdk = presigner(region, endpoint, pathStyle)) {
            var reference = sdk.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5)).putObjectRequest(o -> o
                    .bucket(bucket).key(KEY).contentType("image/jpeg").contentLength(1234L).ifNoneMatch("*")
                    .checksumSHA256("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=").serverSideEncryption("aws:kms")
                    .ssekmsKeyId("alias/assetgate")));
            assertSame(signed, reference);
        }
    }

    /** The same request but for the signing instant: the signature itself differs only by the date. */
    private static void assertSame(S3UrlSigner.Presigned signed, PresignedRequest reference) {
        URI ours = signed.url();
        URI sdk = URI.create(reference.url().toString());
        String where = sdk.toString();
        assertThat(ours.getScheme() + "://" + ours.getRawAuthority() + ours.getRawPath()).as(where)
                .isEqualTo(sdk.getScheme() + "://" + sdk.getRawAuthority() + sdk.getRawPath());
        Map<String, String> ourQuery = withoutTime(query(ours));
        Map<String, String> sdkQuery = withoutTime(query(sdk));
        assertThat(ourQuery).as(where).isEqualTo(sdkQuery);
        assertThat(signed.request().method()).isEqualTo(reference.httpRequest().method());
        assertThat(lowerCase(signed.request().headers())).as(where).isEqualTo(lowerCase(reference.signedHeaders()));
    }

    private static Map<String, String> withoutTime(Map<String, String> query) {
        Map<String, String> kept = new TreeMap<>(query);
        kept.remove("X-Amz-Date");
        kept.remove("X-Amz-Signature");
        // The scope's date is the signing day: the same but across midnight.
        kept.computeIfPresent("X-Amz-Credential", (k, v) -> v.replaceFirst("/\\d{8}/", "/DAY/"));
        return kept;
    }

    private static Map<String, List<String>> lowerCase(Map<String, List<String>> headers) {
        Map<String, List<String>> lower = new TreeMap<>();
        headers.forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                lower.put(name.toLowerCase(), values);
            }
        });
        return lower;
    }

    private static Map<String, String> query(URI url) {
        Map<String, String> params = new TreeMap<>();
        new TreeSet<>(List.of(url.getRawQuery().split("&"))).forEach(pair -> {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        });
        return params;
    }

    private static S3UrlSigner signer(String region, String endpoint, boolean pathStyle, String bucket) {
        return new S3UrlSigner(CREDENTIALS, region, bucket, new S3Endpoint(region, endpoint, pathStyle));
    }

    private static S3Presigner presigner(String region, String endpoint, boolean pathStyle) {
        var builder = S3Presigner.builder().region(Region.of(region)).credentialsProvider(CREDENTIALS)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }
}
