package io.assetgate.server.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.assetgate.server.storage.ObjectKeys;
import io.assetgate.server.storage.StorageProperties;
import io.assetgate.server.support.S3ProxyServer;
import io.assetgate.server.support.TestFiles;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * The S3 adapter's {@code readHead} asks the store for the head only: the bytes S3Proxy answers
 * a GET with are counted on the wire (the response's Content-Length), not after the adapter.
 * A GET of the whole object cut short on the client would read the same head and fail here.
 */
class S3ReadHeadTest {

    private final List<Long> getLengths = new CopyOnWriteArrayList<>();
    private S3ObjectStore store;

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void theStoreSendsOnlyTheHead() {
        store = store(S3ProxyServer.get());
        String key = ObjectKeys.newOriginalKey();
        byte[] bytes = TestFiles.random(300 * 1024);
        store.put(key, new ByteArrayInputStream(bytes), bytes.length, "image/png");

        byte[] head = store.readHead(key, 4096);

        assertThat(head).isEqualTo(Arrays.copyOf(bytes, 4096));
        assertThat(getLengths).as("Content-Length of each GET the store answered").containsExactly(4096L);
    }

    private S3ObjectStore store(S3ProxyServer s3) {
        String bucket = s3.newBucket();
        var settings = new StorageProperties.S3(bucket, S3ProxyServer.REGION, s3.endpoint(), true,
                S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, "none", null, false, true, true, true);
        var credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY));
        ExecutionInterceptor countGets = new ExecutionInterceptor() {
            @Override
            public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
                if (context.request() instanceof GetObjectRequest) {
                    getLengths.add(context.httpResponse().firstMatchingHeader("Content-Length").map(Long::parseLong)
                            .orElse(-1L));
                }
            }
        };
        S3Client client = S3StorageConfig.clientBuilder(settings, credentials)
                .overrideConfiguration(o -> o.addExecutionInterceptor(countGets))
                .build();
        var signer = new S3UrlSigner(credentials, S3ProxyServer.REGION, bucket,
                new S3Endpoint(S3ProxyServer.REGION, s3.endpoint(), true));
        return new S3ObjectStore(() -> client, signer, settings);
    }
}
