package io.assetgate.serverless;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;

import io.assetgate.server.support.S3ProxyServer;
import io.assetgate.serverless.contract.Deployment.Caller;
import io.assetgate.serverless.contract.Deployment.Reply;
import io.assetgate.serverless.contract.HandlersDeployment;
import io.assetgate.serverless.contract.TestStack;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The scheduled function: an upload nobody completed is expired after its deadline, and an
 * object no record wants is deleted, by the same reconciler the server schedules.
 */
class ReconcilerHandlerTest {

    private static HandlersDeployment handlers;

    @BeforeAll
    static void start() {
        handlers = HandlersDeployment.start(TestStack.create(), Map.of("assetgate.upload.url-ttl", "1s",
                "assetgate.reconciler.grace", "0s", "assetgate.reconciler.orphan-grace", "0s"));
    }

    @Test
    void theScheduledRunExpiresAbandonedUploadsAndDeletesOrphans() throws Exception {
        Caller alice = new Caller("user-" + java.util.UUID.randomUUID(), "assets:read assets:write");
        Reply created = handlers.call("POST", "/v1/uploads", alice, Map.of("Content-Type", "application/json"),
                "{\"filename\": \"a.jpg\", \"contentType\": \"image/jpeg\", \"size\": 100}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String orphan = "assets/orphan-" + java.util.UUID.randomUUID();
        try (S3Client s3 = s3()) {
            s3.putObject(b -> b.bucket(handlers.stack().bucket()).key(orphan), RequestBody.fromString("left behind"));

            // past the one-second deadline (and the zero grace): poll, never sleep-and-hope
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String state = "PENDING";
            while (!state.equals("EXPIRED") && System.nanoTime() < deadline) {
                new ReconcilerHandler().handleRequest(new ScheduledEvent(), null);
                state = handlers.call("GET", "/v1/uploads/" + created.json().path("uploadId").asText(), alice,
                        Map.of(), null).json().path("state").asText();
                if (!state.equals("EXPIRED")) {
                    Thread.sleep(500);
                }
            }
            assertThat(state).isEqualTo("EXPIRED");
            assertThat(s3.listObjectsV2(b -> b.bucket(handlers.stack().bucket()).prefix(orphan)).contents())
                    .as("the orphan is deleted").isEmpty();
        }
    }

    private static S3Client s3() {
        return S3Client.builder().endpointOverride(java.net.URI.create(S3ProxyServer.get().endpoint()))
                .region(Region.of(S3ProxyServer.REGION)).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
                .build();
    }
}
