package io.assetgate.server.storage.s3;

import java.net.URI;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Configuration;

import io.assetgate.server.storage.StorageProperties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Wires the S3 store when {@code assetgate.storage.type=s3}, and checks the bucket and the
 * credentials before the server accepts any request (unless {@code check-at-startup} is off). The SDK clients stay inside the store:
 * they are not beans, so no SDK type reaches another package.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "assetgate.storage.type", havingValue = "s3")
class S3StorageConfig {

    /** Never lazy: the start-up check must run at start, also where other beans wait for first use. */
    @Bean
    @Lazy(false)
    S3ObjectStore s3ObjectStore(StorageProperties properties) {
        StorageProperties.S3 settings = properties.s3();
        if (settings.bucket() == null || settings.bucket().isBlank()) {
            throw new S3StartupException("assetgate.storage.s3.bucket is required when assetgate.storage.type=s3");
        }
        AwsCredentialsProvider credentials = credentials(settings);
        // Signing needs no client: the SDK's SigV4 signer over the URL the client would use. The
        // client (and its builder's classes) waits for the first request that needs it.
        var signer = new S3UrlSigner(credentials, settings.region(), settings.bucket(),
                new S3Endpoint(settings.region(), settings.endpoint(), settings.pathStyle()));
        S3ObjectStore store = new S3ObjectStore(() -> client(settings, credentials), signer, settings);
        if (settings.checkAtStartup()) {
            try {
                store.checkBucket();
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
        }
        return store;
    }

    private static S3Client client(StorageProperties.S3 settings, AwsCredentialsProvider credentials) {
        return clientBuilder(settings, credentials).build();
    }

    /** The server's S3 client, before it is built: tests add what they observe to the very same client. */
    static S3ClientBuilder clientBuilder(StorageProperties.S3 settings, AwsCredentialsProvider credentials) {
        S3Configuration service = S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build();
        var client = S3Client.builder().region(Region.of(settings.region())).credentialsProvider(credentials)
                .serviceConfiguration(service)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                // Checksums are only sent when an operation requires them: stores other than AWS
                // (S3Proxy, older MinIO) refuse the newer x-amz-checksum headers.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (settings.endpoint() != null && !settings.endpoint().isBlank()) {
            client.endpointOverride(URI.create(settings.endpoint()));
        }
        return client;
    }

    private static AwsCredentialsProvider credentials(StorageProperties.S3 settings) {
        if (settings.accessKey() != null && !settings.accessKey().isBlank()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(),
                    settings.secretKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
