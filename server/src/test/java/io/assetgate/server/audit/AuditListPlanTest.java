package io.assetgate.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.assetgate.server.support.QueryPlans;

/**
 * The audit list seeks with every filter, on the first page and on one 90% down: ordered by
 * (at, id) with an index per filter, a {@code since} bound and the keyset are one index range.
 * Ordered by id alone, {@code since} was a filter, and the last page of a filtered list read
 * every older row.
 */
class AuditListPlanTest {

    private static final int ROWS = 60_000;
    private static final int PAGE = 101;
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.assetgate.server.support.TestDatabases#both")
    void everyFilterSeeksOnTheFirstAndADeepPage(String name, DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        seed(dataSource);
        Instant since = BASE.plusSeconds(ROWS / 20);
        List<String> failures = new ArrayList<>();
        check(failures, dataSource, new AuditRepository.AuditQuery(null, null, null, null, null), "audit_events_at");
        check(failures, dataSource, new AuditRepository.AuditQuery(null, null, null, since, null), "audit_events_at");
        check(failures, dataSource, new AuditRepository.AuditQuery("asset7", null, null, null, null),
                "audit_events_asset");
        check(failures, dataSource, new AuditRepository.AuditQuery(null, "https://idp.example", "user3", null, null),
                "audit_events_actor");
        check(failures, dataSource, new AuditRepository.AuditQuery(null, null, "user3", since, null),
                "audit_events_actor");
        check(failures, dataSource, new AuditRepository.AuditQuery("asset7", null, "user7", since, null),
                "audit_events_asset");
        assertThat(failures).as(String.join("\n\n", failures)).isEmpty();
    }

    private static void check(List<String> failures, DataSource dataSource, AuditRepository.AuditQuery first,
            String index) {
        // 90% of the rows are newer than this position.
        AuditRepository.AuditQuery deep = new AuditRepository.AuditQuery(first.assetId(), first.actorIssuer(),
                first.actorSubject(), first.since(), new AuditRepository.Position(BASE.plusSeconds(ROWS / 10),
                        Long.MAX_VALUE));
        for (AuditRepository.AuditQuery query : List.of(first, deep)) {
            AuditRepository.Query q = AuditRepository.query(query, PAGE);
            try {
                QueryPlans.assertSeeks(dataSource, q.sql(), q.params(), index,
                        query.before() == null ? null : "at", 3L * PAGE);
            } catch (AssertionError e) {
                failures.add(query + ": " + e.getMessage());
            }
        }
    }

    /** ROWS events, one a second, by 20 actors about 300 assets. */
    private static void seed(DataSource dataSource) {
        String rows = QueryPlans.isPostgres(dataSource) ? "generate_series(1, " + ROWS + ") as g(i)"
                : "(select \"X\" as i from system_range(1, " + ROWS + "))";
        JdbcClient jdbc = JdbcClient.create(dataSource);
        jdbc.sql("""
                insert into audit_events (at, action, outcome, actor_issuer, actor_subject, asset_id)
                select timestamp with time zone '2026-01-01 00:00:00+00' + i * interval '1' second, 'asset.read',
                    'SUCCESS', 'https://idp.example', 'user' || cast(mod(i, 20) as varchar),
                    'asset' || cast(mod(i, 300) as varchar)
                from %s""".formatted(rows)).update();
        jdbc.sql("analyze").update();
    }
}
