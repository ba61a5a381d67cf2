package io.assetgate.server.ids;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void recordIdsAreVersion7AndCarryTheTimeTheyWereMade() {
        long before = System.currentTimeMillis();
        UUID id = UUID.fromString(Ids.newId());
        long after = System.currentTimeMillis();

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        long millis = id.getMostSignificantBits() >>> 16;
        assertThat(millis).isBetween(before, after);
    }

    @Test
    void recordIdsMadeLaterSortAfterEarlierOnes() throws InterruptedException {
        String first = Ids.newId();
        Thread.sleep(2);
        String second = Ids.newId();

        assertThat(second).isGreaterThan(first);
    }

    @Test
    void idsMadeInTheSameMillisecondDoNotGiveEachOtherAway() {
        int sameMillisecondPairs = 0;
        UUID previous = UUID.fromString(Ids.newId());
        for (int i = 0; i < 20_000; i++) {
            UUID id = UUID.fromString(Ids.newId());
            if (id.getMostSignificantBits() >>> 16 == previous.getMostSignificantBits() >>> 16) {
                sameMillisecondPairs++;
                // A monotonic generator adds one to the previous id's random bits.
                long step = id.getLeastSignificantBits() - previous.getLeastSignificantBits();
                assertThat(Math.abs(step)).as("random bits of %s after %s", id, previous).isGreaterThan(1L << 20);
            }
            previous = id;
        }
        assertThat(sameMillisecondPairs).as("pairs made in one millisecond").isGreaterThan(100);
    }

    @Test
    void recordIdsDrawnFromManyThreadsAtOnceAreAllDistinct() throws Exception {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        ids.add(Ids.newId());
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(ids).hasSize(16 * 5_000);
    }

    @Test
    void uniqueIdsAreWellFormedVersion4Uuids() {
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            UUID id = Ids.newUniqueId();
            assertThat(id.version()).isEqualTo(4);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(UUID.fromString(id.toString())).isEqualTo(id);
            seen.add(id);
        }
        assertThat(seen).hasSize(10_000);
    }
}
