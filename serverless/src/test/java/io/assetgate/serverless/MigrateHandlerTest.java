package io.assetgate.serverless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.assetgate.serverless.contract.TestStack;

/**
 * The migrate function, which the deployment's trigger runs before it updates the others: it makes
 * every bean (the functions make theirs on first use) and, with the bucket check the stack turns on
 * for it, fails on a bucket that does not exist, so a wrong setting fails the deployment.
 */
class MigrateHandlerTest {

    @Test
    void migratesWithTheDeploymentsSettings() {
        TestStack stack = TestStack.create();
        Core.startWith(with(stack, "assetgate.storage.s3.startup-check", "true"));

        assertThat(new MigrateHandler().handleRequest(Map.of(), null)).matches("applied \\d+ migrations");
    }

    @Test
    void failsTheDeploymentOnABucketThatDoesNotExist() {
        Map<String, Object> settings = with(TestStack.create(), "assetgate.storage.s3.startup-check", "true");
        settings.put("assetgate.storage.s3.bucket", "no-such-bucket-" + System.nanoTime());
        // The functions start without looking at the bucket: their first call would find out.
        Core.startWith(settings);

        assertThatThrownBy(() -> new MigrateHandler().handleRequest(Map.of(), null))
                .hasStackTraceContaining("does not exist (check assetgate.storage.s3.bucket)");
    }

    private static Map<String, Object> with(TestStack stack, String name, String value) {
        Map<String, Object> settings = new HashMap<>(stack.settings());
        settings.put(name, value);
        return settings;
    }
}
