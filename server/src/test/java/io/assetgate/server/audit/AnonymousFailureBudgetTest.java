package io.assetgate.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The per-address budget, with real time and Caffeine's own expiry. */
class AnonymousFailureBudgetTest {

    @Test
    void admitsTheBudgetPerAddressAndReportsWhatItLeftOutWhenTheWindowEnds() throws InterruptedException {
        Map<String, Integer> leftOut = new ConcurrentHashMap<>();
        CountDownLatch reported = new CountDownLatch(1);
        AnonymousFailureBudget budget = new AnonymousFailureBudget(3, Duration.ofMillis(300), 1000, (address, w) -> {
            leftOut.put(address, w.leftOut.get());
            reported.countDown();
        });

        int admitted = 0;
        for (int i = 0; i < 10; i++) {
            admitted += budget.admit("203.0.113.7", Instant.now()) ? 1 : 0;
        }
        boolean otherAddress = budget.admit("198.51.100.1", Instant.now());

        assertThat(admitted).isEqualTo(3);
        assertThat(otherAddress).as("each address has its own budget").isTrue();
        // The window ends on a timer, without another failure from the address.
        assertThat(reported.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(leftOut).containsExactly(Map.entry("203.0.113.7", 7));
        assertThat(budget.admit("203.0.113.7", Instant.now())).as("a new window, a new budget").isTrue();
    }

    @Test
    void aBudgetOfZeroRecordsEverything() {
        AnonymousFailureBudget budget = new AnonymousFailureBudget(0, Duration.ofMinutes(1), 1000, (a, w) -> {
            throw new AssertionError("nothing is left out");
        });
        for (int i = 0; i < 100; i++) {
            assertThat(budget.admit("203.0.113.7", Instant.now())).isTrue();
        }
    }
}
