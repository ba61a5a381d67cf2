package io.assetgate.serverless;

import static io.assetgate.serverless.contract.UploadApiContract.JSON;
import static io.assetgate.serverless.contract.UploadApiContract.assertProblem;
import static io.assetgate.serverless.contract.UploadApiContract.declaration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.assetgate.server.support.S3ProxyServer;
import io.assetgate.server.support.TestFiles;
import io.assetgate.serverless.contract.Deployment.Caller;
import io.assetgate.serverless.contract.Deployment.Reply;
import io.assetgate.serverless.contract.HandlersDeployment;
import io.assetgate.serverless.contract.TestStack;

/**
 * The functions never send {@code HeadBucket}: it needs {@code s3:ListBucket} without an
 * {@code s3:prefix}, and their roles list only under the uploads prefix
 * (deploy/aws/lib/permissions.ts), so on AWS it would be refused. Yet they still tell a missing
 * bucket from a missing key, at start and at complete, as the server does: here against S3Proxy,
 * with every S3 operation the JVM starts recorded ({@link S3Operations}). The start-up check is no
 * SDK operation: it is a presigned GET sent with the JDK's connection, so here it shows as no
 * operation at all, and the request it sends is checked in the core's
 * {@code S3StartupCheckRequestTest} (one ranged GET of the probe key); that S3Proxy accepts it
 * shows in the start succeeding, and the missing bucket in the start failing.
 */
class NoHeadBucketTest {

    private static final String NOT_ALLOWED = "HeadBucket";

    @Test
    void startsAndTellsAMissingKeyFromAMissingBucketWithoutHeadBucket() {
        TestStack stack = TestStack.create();
        S3Operations.clear();
        HandlersDeployment functions = HandlersDeployment.start(stack, Map.of());
        assertThat(S3Operations.started()).as("the start-up check builds no client").isEmpty();

        Caller alice = new Caller("user-" + UUID.randomUUID(), "assets:read assets:write");
        byte[] photo = TestFiles.jpeg(32, 24);
        Reply created = functions.call("POST", "/v1/uploads", alice, JSON,
                declaration("IMG_0004.jpg", "image/jpeg", photo.length, TestFiles.sha256(photo)));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String complete = "/v1/uploads/" + created.json().path("uploadId").asText() + "/complete";

        S3Operations.clear();
        Reply early = functions.call("POST", complete, alice, JSON, null);
        assertProblem(early, 409, "UPLOAD_INCOMPLETE");
        assertThat(S3Operations.started()).as("a complete before the object exists")
                .containsSequence("HeadObject", "GetObject").doesNotContain(NOT_ALLOWED);

        S3ProxyServer.get().removeBucket(stack.bucket());
        S3Operations.clear();
        Reply vanished = functions.call("POST", complete, alice, JSON, null);
        assertProblem(vanished, 500, "STORAGE_MISCONFIGURED");
        assertThat(vanished.header("Retry-After")).as("nothing to wait for").isNull();
        assertThat(S3Operations.started()).as("a complete once the bucket is gone").doesNotContain(NOT_ALLOWED);

        S3Operations.clear();
        Map<String, Object> settings = new HashMap<>(stack.settings());
        assertThatThrownBy(() -> Core.startWith(settings))
                .rootCause().hasMessageContaining("bucket '" + stack.bucket() + "'")
                .hasMessageContaining("does not exist (check assetgate.storage.s3.bucket)");
        assertThat(S3Operations.started()).as("the start-up check of a missing bucket builds no client").isEmpty();
    }

    /**
     * The delete and migrate functions may not read under the uploads prefix, so the stack turns
     * their check off (deploy/aws/lib/permissions.ts {@code checksAtStartup}): their context then
     * starts without any S3 request, which their roles would refuse.
     */
    @Test
    void withTheCheckOffTheContextStartsWithoutAnyS3Request() {
        TestStack stack = TestStack.create();
        S3Operations.clear();
        HandlersDeployment.start(stack, Map.of("assetgate.storage.s3.check-at-startup", "false"));
        assertThat(S3Operations.started()).isEmpty();
    }
}
