package io.assetgate.serverless;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The warming runs every step to its end: a step that no longer works (an API of the binder,
 * Jackson or the SDK's signer changed under it) would silently stop saving cold-start time, since
 * the functions ignore its failure.
 */
class ColdStartWarmerTest {

    @Test
    void everyStepRunsWithoutFailing() {
        assertThat(ColdStartWarmer.warm()).as("the failure of a warming step").isEmpty();
    }
}
