package io.assetgate.server.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Fresh databases for tests. PostgreSQL is the machine's server on 127.0.0.1:5432 (trust
 * auth; override with {@code ASSETGATE_TEST_PG_URL}); each call makes a new, empty database
 * so tests never see each other's rows.
 */
public final class TestDatabases {

    private static final String PG_ADMIN_URL = System.getenv().getOrDefault("ASSETGATE_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String PG_USER = System.getenv().getOrDefault("ASSETGATE_TEST_PG_USER", "postgres");

    private TestDatabases() {
    }

    /** A JDBC URL of a new, empty PostgreSQL database. */
    public static String newPostgres() {
        String name = "assetgate_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, PG_USER, "");
             Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL must be running on 127.0.0.1:5432 for the tests: "
                    + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(name)));
        return PG_ADMIN_URL.substring(0, PG_ADMIN_URL.lastIndexOf('/') + 1) + name;
    }

    /** Drops a test database at exit; FORCE closes connections a pool may still hold. */
    private static void drop(String name) {
        try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, PG_USER, "");
             Statement s = c.createStatement()) {
            s.execute("drop database if exists " + name + " with (force)");
        } catch (SQLException ignored) {
            // best effort: a leftover empty test database harms nothing
        }
    }

    public static String pgUser() {
        return PG_USER;
    }

    /**
     * For {@code @MethodSource("io.assetgate.server.support.TestDatabases#both")}: a new empty
     * database of each kind the server supports, named for the test's display name.
     */
    public static Stream<Arguments> both() {
        return Stream.of(
                Arguments.of("H2", new DriverManagerDataSource(newH2(), "sa", "")),
                Arguments.of("PostgreSQL", new DriverManagerDataSource(newPostgres(), pgUser(), "")));
    }

    /** A JDBC URL of a new, empty in-memory H2 database in PostgreSQL mode, as the server configures it. */
    public static String newH2() {
        return "jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
    }
}
