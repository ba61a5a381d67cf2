package io.assetgate.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void oneIpv6ClientCountsAsItsWholeSlash64() {
        AnonymousFailureBudget budget = new AnonymousFailureBudget(2, Duration.ofMinutes(1), 1000, (a, w) -> { });
        List<Boolean> admitted = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            admitted.add(budget.admit("2001:db8:1:2::" + Integer.toHexString(i), Instant.now()));
        }

        assertThat(admitted).containsExactly(true, true, false, false, false);
        assertThat(AnonymousFailureBudget.sourceOf("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(AnonymousFailureBudget.sourceOf("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(budget.admit("2001:db8:1:3::1", Instant.now())).as("the next /64 is another source").isTrue();
    }

    @Test
    void manyAddressesTogetherHaveABudgetToo() {
        int perSource = 2;
        AnonymousFailureBudget budget = new AnonymousFailureBudget(perSource, Duration.ofMinutes(1), 100_000,
                (a, w) -> { });
        int admitted = 0;
        for (int i = 0; i < 1000; i++) {
            admitted += budget.admit("10.0." + (i / 250) + "." + (i % 250), Instant.now()) ? 1 : 0;
        }

        assertThat(admitted).isEqualTo(perSource * AnonymousFailureBudget.ALL_SOURCES_FACTOR);
    }

    @Test
    void endingAllWindowsReportsWhatTheyLeftOutBeforeItReturns() {
        Map<String, Integer> leftOut = new ConcurrentHashMap<>();
        AnonymousFailureBudget budget = new AnonymousFailureBudget(1, Duration.ofHours(1), 1000,
                (source, w) -> leftOut.put(source, w.leftOut.get()));
        for (int i = 0; i < 4; i++) {
            budget.admit("203.0.113.9", Instant.now());
        }

        budget.endAll();

        assertThat(leftOut).containsExactly(Map.entry("203.0.113.9", 3));
    }
}
