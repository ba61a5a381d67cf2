package io.assetgate.serverless;

import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/**
 * Applies the Flyway migrations (the server's own, from core) to the metadata database: run it
 * once per deployment (a CDK custom resource or {@code aws lambda invoke}), not in every
 * function's init, so a cold start never waits for a schema check.
 */
public class MigrateHandler implements RequestHandler<Map<String, Object>, String> {

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        return migrate(Core.context().getBean(DataSource.class));
    }

    /** Migrates {@code dataSource}; answers how many migrations were applied. */
    public static String migrate(DataSource dataSource) {
        int applied = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load()
                .migrate().migrationsExecuted;
        return "applied " + applied + " migrations";
    }
}
