package io.assetgate.serverless;

import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.context.ConfigurableApplicationContext;

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
        ConfigurableApplicationContext core = Core.context();
        // The functions make their beans on first use; here, before anything changes, all are made
        // (with the bucket check, which the stack turns on for this function), so that a wrong
        // setting fails the deployment's trigger instead of a user's first call.
        Core.makeEveryBean(core);
        return migrate(core.getBean(DataSource.class));
    }

    /** Migrates {@code dataSource}; answers how many migrations were applied. */
    public static String migrate(DataSource dataSource) {
        int applied = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load()
                .migrate().migrationsExecuted;
        return "applied " + applied + " migrations";
    }
}
