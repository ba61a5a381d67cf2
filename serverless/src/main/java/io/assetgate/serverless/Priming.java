package io.assetgate.serverless;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import com.zaxxer.hikari.HikariDataSource;

import io.assetgate.server.upload.ContentSniffer;
import io.assetgate.serverless.api.ApiDispatcher;
import io.assetgate.serverless.api.ApiGatewayEvents;
import io.assetgate.serverless.api.ApiRequest;

/**
 * SnapStart's priming hook: before Lambda takes the snapshot, a few API calls run through the
 * whole path (routing, a caller from claims, JSON and bean validation, JDBC and a transaction, a
 * problem document) and Tika's type database is read, so the classes they load and the code they
 * warm are in the snapshot and the first real call after a restore does not pay for them. The
 * calls read only: a priming caller's missing upload and empty asset list. Before the snapshot
 * the pool's connections are closed: a restored copy must open its own, never share one.
 */
final class Priming implements Resource {

    private static final Logger log = LoggerFactory.getLogger(Priming.class);
    private static final Map<String, String> PRIMING_CALLER = Map.of("iss", "assetgate-priming", "sub", "priming",
            "scope", "assets:read assets:write");

    /** Held here: CRaC keeps only weak references to registered resources. */
    private static Priming registered;

    private final ApplicationContext context;

    private Priming(ApplicationContext context) {
        this.context = context;
    }

    /** Registers the hook when Lambda initializes for a SnapStart snapshot. */
    static synchronized void registerIfSnapStart(ApplicationContext context) {
        if (registered == null && "snap-start".equals(System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE"))) {
            registered = new Priming(context);
            Core.getGlobalContext().register(registered);
        }
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> crac) {
        prime(context);
        if (context.getBean(DataSource.class) instanceof HikariDataSource pool && pool.getHikariPoolMXBean() != null) {
            pool.getHikariPoolMXBean().softEvictConnections();
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> crac) {
        // The pool opens new connections on demand.
    }

    /**
     * Makes every bean (a cold start makes them on first use) and runs the priming calls; failures
     * of the calls are logged, never fatal: priming only saves time.
     */
    static void prime(ApplicationContext context) {
        if (context instanceof ConfigurableApplicationContext configurable) {
            io.assetgate.serverless.Core.makeEveryBean(configurable); // not org.crac.Core, imported above
        }
        ApiDispatcher api = context.getBean(ApiDispatcher.class);
        try {
            call(api, new ApiRequest("GET", "/v1/uploads/" + UUID.randomUUID(), Map.of(), Map.of(), null, Map.of()));
            call(api, new ApiRequest("POST", "/v1/uploads", Map.of(), Map.of("content-type", "application/json"),
                    "{\"filename\": \"\", \"size\": -1}".getBytes(StandardCharsets.UTF_8), Map.of()));
            call(api, new ApiRequest("GET", "/v1/assets", Map.of("limit", "1"), Map.of(), null, Map.of()));
            // Tika's type database, read on first use: a complete and every object event need it.
            context.getBean(ContentSniffer.class).detect(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0});
        } catch (RuntimeException e) {
            log.warn("Priming failed; the first calls will be slower: {}", e.getMessage());
        }
    }

    private static void call(ApiDispatcher api, ApiRequest request) {
        ApiGatewayEvents.response(api.dispatch(request, PRIMING_CALLER, "priming"));
    }
}
