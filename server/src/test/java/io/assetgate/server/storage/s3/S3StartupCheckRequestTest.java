package io.assetgate.server.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.assetgate.server.storage.StorageProperties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * What the start-up check sends, seen by an HTTP server that answers as S3 would: one GET of the
 * first byte of the probe key, presigned, and never a {@code HeadBucket} (a HEAD of the bucket),
 * which a role whose {@code s3:ListBucket} carries a prefix condition may not send (see
 * {@link S3KeyProbe}). That S3 accepts the signature is tested against S3Proxy
 * ({@code S3StartupCheckTest}, the serverless module's {@code NoHeadBucketTest}).
 */
class S3StartupCheckRequestTest {

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer s3;

    @AfterEach
    void stop() {
        s3.stop(0);
    }

    @Test
    void sendsOneRangedGetOfTheProbeKey() throws IOException {
        answer(404, "NoSuchKey");

        S3StartupCheck.check(signer(), settings());

        assertThat(requests).hasSize(1);
        assertThat(requests.getFirst()).startsWith("GET /assetgate/assets/startup-probe?")
                .contains("X-Amz-Algorithm=AWS4-HMAC-SHA256").contains("X-Amz-SignedHeaders=host%3Brange")
                .endsWith(" Range: bytes=0-0");
    }

    @Test
    void tellsAMissingBucketFromItsGetWithoutHeadBucket() throws IOException {
        answer(404, "NoSuchBucket");

        assertThatThrownBy(() -> S3StartupCheck.check(signer(), settings())).isInstanceOf(S3StartupException.class)
                .hasMessageContaining("does not exist (check assetgate.storage.s3.bucket)");
        assertThat(requests).hasSize(1).allMatch(r -> r.startsWith("GET /assetgate/assets/startup-probe?"));
    }

    private void answer(int status, String code) throws IOException {
        s3 = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s3.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + "?"
                    + exchange.getRequestURI().getRawQuery() + " Range: " + exchange.getRequestHeaders().getFirst("Range"));
            byte[] body = ("<?xml version=\"1.0\"?><Error><Code>" + code + "</Code></Error>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        s3.start();
    }

    private StorageProperties.S3 settings() {
        return new StorageProperties.S3("assetgate", "us-east-1", endpoint(), true, "key", "secret", "none", null,
                false, true, true, true);
    }

    private S3UrlSigner signer() {
        return new S3UrlSigner(StaticCredentialsProvider.create(AwsBasicCredentials.create("key", "secret")),
                "us-east-1", "assetgate", new S3Endpoint("us-east-1", endpoint(), true));
    }

    private String endpoint() {
        return "http://127.0.0.1:" + s3.getAddress().getPort();
    }
}
