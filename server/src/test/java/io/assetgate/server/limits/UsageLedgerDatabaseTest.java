package io.assetgate.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.assetgate.server.security.Owner;

/**
 * The ledger's statements on both databases: reservations without a quota go to the owner's
 * stripes, releases to the owner's row, and a quota check counts both.
 */
class UsageLedgerDatabaseTest {

    private static final Owner OWNER = new Owner("https://idp.example", "ledger");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.assetgate.server.support.TestDatabases#both")
    void aQuotaCheckCountsReservationsMadeWithoutAQuota(String name, DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        UsageLedger ledger = new UsageLedger(jdbc);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));

        for (int i = 0; i < 40; i++) {
            tx.executeWithoutResult(s -> assertThat(ledger.reserve(OWNER, 100, 0, 0)).isTrue());
        }
        assertThat(ledger.usage(OWNER)).containsExactly(0, 4000, 0, 40);
        assertThat(jdbc.sql("select count(*) from owner_usage").query(Long.class).single())
                .as("no owner row is needed to count").isZero();

        assertThat(reserve(tx, ledger, 100, 4050, 0)).as("4000 reserved on stripes + 100 > 4050").isFalse();
        assertThat(reserve(tx, ledger, 50, 4050, 0)).isTrue();
        assertThat(reserve(tx, ledger, 1, 0, 41)).as("41 assets reserved already").isFalse();

        for (int i = 0; i < 39; i++) {
            tx.executeWithoutResult(s -> ledger.release(OWNER, 100));
        }
        tx.executeWithoutResult(s -> ledger.convert(OWNER, 100));
        assertThat(ledger.usage(OWNER)).as("released and converted on the owner's row, the sum exact")
                .containsExactly(100, 50, 1, 1);
        assertThat(reserve(tx, ledger, 3850, 4000, 0)).isTrue();
        assertThat(reserve(tx, ledger, 1, 4000, 0)).isFalse();
    }

    private static boolean reserve(TransactionTemplate tx, UsageLedger ledger, long bytes, long quotaBytes,
            long quotaAssets) {
        return Boolean.TRUE.equals(tx.execute(s -> ledger.reserve(OWNER, bytes, quotaBytes, quotaAssets)));
    }
}
