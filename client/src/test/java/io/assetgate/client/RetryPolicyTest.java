package io.assetgate.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Backoff arithmetic: full jitter within a doubling window, capped, and Retry-After honoured. */
class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(6, Duration.ofMillis(100), Duration.ofSeconds(2));

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 10, 40})
    void waitsAtRandomWithinADoublingWindowUpToTheCap(int failures) {
        long window = Math.min(2000, 100L << Math.min(failures - 1, 30));
        var delays = IntStream.range(0, 2000).mapToLong(i -> policy.delay(failures, null).toMillis()).boxed().toList();

        assertThat(delays).allSatisfy(d -> assertThat(d).isBetween(0L, window));
        // Full jitter: the waits spread over the whole window, not around one value.
        assertThat(delays.stream().mapToLong(Long::longValue).min().orElseThrow()).isLessThan(window / 4 + 1);
        assertThat(delays.stream().mapToLong(Long::longValue).max().orElseThrow()).isGreaterThan(window * 3 / 4);
    }

    @Test
    void waitsAtLeastWhatTheServerAskedFor() {
        assertThat(policy.delay(1, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void onlyTransientFailuresAreRetryable() {
        assertThat(AssetgateException.answered(503, "STORAGE_UNAVAILABLE", "", Duration.ofSeconds(1)).isRetryable())
                .isTrue();
        assertThat(AssetgateException.answered(429, "RATE_LIMITED", "", null).isRetryable()).isTrue();
        assertThat(AssetgateException.answered(500, "INTERNAL", "", null).isRetryable()).isTrue();
        assertThat(AssetgateException.network("refused", null).isRetryable()).isTrue();
        assertThat(AssetgateException.answered(415, "CONTENT_TYPE_NOT_ALLOWED", "", null).isRetryable()).isFalse();
        assertThat(AssetgateException.answered(422, "INTEGRITY_MISMATCH", "", null).isRetryable()).isFalse();
        assertThat(AssetgateException.answered(403, "QUOTA_EXCEEDED", "", null).isRetryable()).isFalse();
        assertThat(AssetgateException.cancelled().isRetryable()).isFalse();
    }

    @Test
    void aMisconfiguredStoreIsFinalDespiteItsServerErrorStatus() {
        // Retrying cannot help until an operator fixes the store's settings: a queue must not retry it forever.
        assertThat(AssetgateException.answered(500, "STORAGE_MISCONFIGURED", "", null).isRetryable()).isFalse();
    }
}
