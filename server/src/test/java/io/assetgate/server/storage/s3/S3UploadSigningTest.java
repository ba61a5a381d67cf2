package io.assetgate.server.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.assetgate.server.storage.Checksum;
import io.assetgate.server.storage.SignedRequest;
import io.assetgate.server.storage.StorageProperties;
import io.assetgate.server.storage.UploadSpec;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * What a presigned PUT binds for each encryption and checksum setting. S3Proxy knows neither
 * SSE nor {@code x-amz-checksum-*}, so these settings are checked on the signed request itself
 * (presigning is local; nothing is sent). The store enforces every signed header.
 */
class S3UploadSigningTest {

    private static final String SHA256 = "sha256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
    private static final String MD5 = "md5:1B2M2Y8AsgTpgAmY7PhCfg==";

    private S3ObjectStore store;

    @AfterEach
    void close() {
        store.close();
    }

    @ParameterizedTest(name = "sse={0} checksum-headers={1} {2}")
    @CsvSource(delimiter = '|', value = {
        "none    | false | " + SHA256 + " | Content-Type,If-None-Match",
        "none    | true  | " + SHA256 + " | Content-Type,If-None-Match,x-amz-checksum-sha256",
        "none    | false | " + MD5 + "    | Content-Type,If-None-Match,Content-MD5",
        "AES256  | false | ''             | Content-Type,If-None-Match,x-amz-server-side-encryption",
        "aws:kms | true  | " + SHA256 + " | Content-Type,If-None-Match,x-amz-checksum-sha256,x-amz-server-side-encryption,"
                + "x-amz-server-side-encryption-aws-kms-key-id"})
    void signsTheHeadersTheSettingsCallFor(String sse, boolean checksumHeaders, String checksum, String headers) {
        store = store(sse, checksumHeaders);
        Checksum declared = checksum.isEmpty() ? null : Checksum.parse(checksum);

        SignedRequest put = store.signUpload("assets/ab/key", new UploadSpec("image/jpeg", 1234, declared),
                Duration.ofMinutes(5));

        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.headers().keySet()).containsExactlyInAnyOrder(headers.split(","));
        assertThat(put.headers()).containsEntry("Content-Type", "image/jpeg")
                .as("only the first PUT may create the object").containsEntry("If-None-Match", "*");
        String signed = query(put.url()).get("X-Amz-SignedHeaders");
        assertThat(signed).contains("content-length").contains("content-type").contains("host");
        put.headers().keySet().forEach(h -> assertThat(signed).contains(h.toLowerCase()));
        if (sse.equals("aws:kms")) {
            assertThat(put.headers()).containsEntry("x-amz-server-side-encryption", "aws:kms")
                    .containsEntry("x-amz-server-side-encryption-aws-kms-key-id", "alias/assetgate");
        }
    }

    private static S3ObjectStore store(String sse, boolean checksumHeaders) {
        var settings = new StorageProperties.S3("assetgate", "eu-west-1", "https://s3.example.com", true, "key",
                "secret", sse, "alias/assetgate", checksumHeaders, true, true, true);
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("key", "secret"));
        var service = S3Configuration.builder().pathStyleAccessEnabled(true).build();
        S3Client client = S3Client.builder().region(Region.EU_WEST_1).credentialsProvider(credentials)
                .endpointOverride(URI.create("https://s3.example.com")).serviceConfiguration(service)
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .build();
        var signer = new S3UrlSigner(credentials, "eu-west-1", "assetgate",
                new S3Endpoint("eu-west-1", "https://s3.example.com", true));
        return new S3ObjectStore(() -> client, signer, settings);
    }

    private static Map<String, String> query(String url) {
        Map<String, String> params = new java.util.HashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        return params;
    }
}
