package io.assetgate.serverless;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.assetgate.serverless.contract.TestStack;

/**
 * The migrate function, which the deployment's trigger runs before it updates the others: it
 * applies the migrations and makes every bean (the functions make theirs on first use), so a
 * setting that cannot be bound or wired fails the deployment, not a user's first call.
 */
class MigrateHandlerTest {

    @Test
    void migratesWithTheDeploymentsSettings() {
        Core.startWith(TestStack.create().settings());

        assertThat(new MigrateHandler().handleRequest(java.util.Map.of(), null)).matches("applied \\d+ migrations");
    }
}
