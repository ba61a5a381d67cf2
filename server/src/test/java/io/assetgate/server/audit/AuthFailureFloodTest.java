package io.assetgate.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.SecuredServerTest;
import tools.jackson.databind.JsonNode;

/**
 * A flood of bad tokens from one address cannot fill the audit trail: past the per-address
 * budget, failures are counted in the metrics but not recorded one by one, and when the window
 * ends one row says how many were left out.
 */
@TestPropertySource(properties = {
    "assetgate-test.anonymous-failure-budget=5",
    "assetgate.audit.anonymous-failure-window=3s"})
class AuthFailureFloodTest extends SecuredServerTest {

    @Test
    void pastTheBudgetFailuresAreCountedButNotRecordedOneByOne() throws InterruptedException {
        Instant since = Instant.now().minusSeconds(1);
        double before = malformedFailures();
        for (int i = 0; i < 25; i++) {
            assertThat(api.get("/v1/assets", "not-a-jwt-" + i).status()).isEqualTo(401);
        }

        List<JsonNode> recorded = authFailuresSince(since);

        assertThat(recorded).hasSize(5);
        assertThat(recorded).allMatch(i -> i.get("ip").asString().equals("127.0.0.1")
                && i.get("reason").asString().equals("malformed"));
        assertThat(malformedFailures() - before).as("every failure is still counted").isEqualTo(25);
        // A client with a valid token is not held to the budget of the address it shares.
        assertThat(api.get("/v1/assets", tokenFor(uniqueSubject("neighbour"))).status()).isEqualTo(200);

        // When the window ends, one row tells how many were left out.
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
        while (authFailuresSince(since).size() < 6 && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        JsonNode summary = authFailuresSince(since).getFirst();
        assertThat(summary.get("reason").asString()).isEqualTo("left_out");
        assertThat(summary.get("ip").asString()).isEqualTo("127.0.0.1");
        assertThat(summary.get("detail").asString()).startsWith("20 more failures from 127.0.0.1");
    }

    /** The {@code auth.failed} rows since {@code since}, newest first. */
    private List<JsonNode> authFailuresSince(Instant since) {
        List<JsonNode> rows = new ArrayList<>();
        api.get("/v1/audit?since=" + since + "&limit=500", token("auditor", "assets:admin", Map.of())).json()
                .get("items").forEach(i -> {
                    if (i.get("action").asString().equals("auth.failed")) {
                        rows.add(i);
                    }
                });
        return rows;
    }

    private double malformedFailures() {
        String prefix = "assetgate_auth_failures_total{reason=\"malformed\"";
        return Http.fetch(api.base() + "/actuator/prometheus").text().lines()
                .filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
