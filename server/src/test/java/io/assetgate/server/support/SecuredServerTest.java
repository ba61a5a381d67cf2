package io.assetgate.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * The server as the security tests see it: the defaults, plus per-claim limit overrides (so
 * a test picks its limits through its token and all tests share one running server), an
 * allowed browser origin, an accepted Cognito-style client id, and metrics and tracing on as
 * in production (Spring Boot turns them off in tests by default).
 */
@AutoConfigureMetrics
@AutoConfigureTracing
@TestPropertySource(properties = {
    "assetgate.cors.allowed-origins=" + SecuredServerTest.APP_ORIGIN,
    "assetgate.security.client-ids=" + SecuredServerTest.COGNITO_CLIENT,
    "assetgate.upload.max-size=10MB",
    "assetgate.limits.overrides[0].claim=plan",
    "assetgate.limits.overrides[0].value=throttled",
    "assetgate.limits.overrides[0].uploads-per-minute=3",
    "assetgate.limits.overrides[1].claim=plan",
    "assetgate.limits.overrides[1].value=small",
    "assetgate.limits.overrides[1].quota-bytes=200KB",
    "assetgate.limits.overrides[1].quota-assets=4",
    // The attack suites snapshot every stored object to prove nothing changed; background
    // processing writing variants meanwhile would be a change they did not cause.
    "assetgate.processing.enabled=false",
    // With processing off nothing would ever become READY, so nothing would be downloadable:
    // these suites attack the download links themselves, so they get the links as before the
    // checks. That nothing is downloadable before the checks by default is DownloadBeforeChecksTest's.
    "assetgate.processing.download-before-checks=true",
})
public abstract class SecuredServerTest extends ServerTest {

    public static final String APP_ORIGIN = "https://app.example.com";
    public static final String COGNITO_CLIENT = "cognito-app-client";

    @Autowired
    protected JdbcClient jdbc;

    /** What a refused request must leave untouched: records, usage and stored objects. */
    public record Snapshot(long uploads, long pendingUploads, long assets, long bytesReserved, long bytesUsed,
            List<String> objects) {
    }

    protected Snapshot snapshot() {
        return new Snapshot(count("select count(*) from uploads"),
                count("select count(*) from uploads where state = 'PENDING'"),
                count("select count(*) from assets"),
                // Creates without a quota reserve on the owner's stripes, released on the owner's row.
                count("select coalesce(sum(bytes_reserved), 0) from owner_usage")
                        + count("select coalesce(sum(bytes_reserved), 0) from owner_usage_stripes"),
                count("select coalesce(sum(bytes_used), 0) from owner_usage"),
                objects());
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private List<String> objects() {
        Path root = dataDir().resolve("objects");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(root::relativize).map(Path::toString)
                    .filter(p -> !p.startsWith(".tmp")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A token for {@code subject} with the given scopes and extra claims. */
    protected static String token(String subject, String scopes, Map<String, Object> claims) {
        Map<String, Object> all = new java.util.HashMap<>(claims);
        all.put("scope", scopes);
        return TestIdp.token(TestIdp.ISSUER, subject, List.of(TestIdp.AUDIENCE), all, 3600);
    }

    /** A token whose limits come from the {@code plan} override. */
    protected static String tokenOnPlan(String subject, String plan) {
        return token(subject, READ_WRITE, Map.of("plan", plan));
    }

    protected static String uniqueSubject(String prefix) {
        return prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }
}
