package io.assetgate.server.upload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;


/** The walkthrough again, with the server on a real PostgreSQL database instead of H2. */
class PostgresWalkthroughTest extends UploadWalkthroughTest {

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        usePostgres(registry);
    }

    @Test
    void runsOnPostgresql() {
        // H2 in PostgreSQL mode also calls itself PostgreSQL in version(); pg_backend_pid() is real PostgreSQL only.
        Integer pid = jdbc.sql("select pg_backend_pid()").query(Integer.class).single();
        assertThat(pid).isPositive();
    }
}
