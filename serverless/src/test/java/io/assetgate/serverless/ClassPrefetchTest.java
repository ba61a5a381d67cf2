package io.assetgate.serverless;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * The recorded class list is still the code's: nearly every name on it loads. When classes are
 * renamed or dependencies change, the list goes stale and saves less; this fails before it is
 * mostly stale (record it again: {@code BENCH_CLASS_LIST=1 bench/lambda-init.sh}).
 */
class ClassPrefetchTest {

    @Test
    void loadsNearlyEveryListedClass() throws IOException {
        long listed;
        try (InputStream list = getClass().getClassLoader().getResourceAsStream(ClassPrefetch.LIST)) {
            assertThat(list).as(ClassPrefetch.LIST).isNotNull();
            listed = new String(list.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).count();
        }
        assertThat(listed).as("classes listed").isGreaterThan(2_000);

        int loaded = ClassPrefetch.run(getClass().getClassLoader());

        assertThat(loaded).as("classes of the %d listed that load", listed).isGreaterThanOrEqualTo((int) (listed * 0.9));
    }
}
