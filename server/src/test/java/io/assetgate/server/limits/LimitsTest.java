package io.assetgate.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.SecuredServerTest;
import io.assetgate.server.support.TestFiles;
import io.assetgate.server.support.TestIdp;
import io.assetgate.server.upload.UploadTestAccess;
import tools.jackson.databind.JsonNode;

/**
 * Rate limits and quotas over real HTTP. Tokens pick their limits through the {@code plan}
 * claim overrides: {@code throttled} = 3 signing calls a minute, {@code small} = 200 KB and
 * 4 assets.
 */
class LimitsTest extends SecuredServerTest {

    private static final long KB = 1024;

    @Test
    void throttledOwnerGets429WithRetryAfterWhileOtherOwnersAreUnaffected() {
        String noisy = tokenOnPlan(uniqueSubject("noisy"), "throttled");
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/v1/uploads", noisy, declared(10 * KB)).status()).isEqualTo(201);
        }
        Snapshot before = snapshot();

        Http.Response limited = api.post("/v1/uploads", noisy, declared(10 * KB));

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.code()).isEqualTo("RATE_LIMITED");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(snapshot()).isEqualTo(before);
        String quiet = tokenOnPlan(uniqueSubject("quiet"), "throttled");
        assertThat(api.post("/v1/uploads", quiet, declared(10 * KB)).status()).isEqualTo(201);
        assertThat(api.get("/v1/assets", noisy).status()).as("reads are not limited").isEqualTo(200);
    }

    @Test
    void partSigningSpendsTheSameBucketAsCreates() {
        String token = tokenOnPlan(uniqueSubject("parts"), "throttled");
        String uploadId = api.post("/v1/uploads", token, declared(10 * KB)).json().get("uploadId").asString();
        for (int i = 0; i < 2; i++) {
            api.post("/v1/uploads/" + uploadId + "/parts", token, Map.of("partNumbers", List.of(1)));
        }
        Http.Response limited = api.post("/v1/uploads/" + uploadId + "/parts", token, Map.of("partNumbers", List.of(1)));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.code()).isEqualTo("RATE_LIMITED");
        assertThat(api.post("/v1/uploads", token, declared(10 * KB)).code()).isEqualTo("RATE_LIMITED");
    }

    @Test
    void refusesUploadsBeyondTheByteQuotaAndAbortGivesTheBytesBack() {
        String token = tokenOnPlan(uniqueSubject("small"), "small");
        JsonNode big = api.post("/v1/uploads", token, declared(150 * KB)).json();
        Snapshot before = snapshot();

        Http.Response over = api.post("/v1/uploads", token, declared(60 * KB));

        assertThat(over.status()).isEqualTo(403);
        assertThat(over.code()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(snapshot()).isEqualTo(before);
        assertThat(api.delete("/v1/uploads/" + big.get("uploadId").asString(), token).status()).isEqualTo(204);
        assertThat(api.post("/v1/uploads", token, declared(60 * KB)).status()).isEqualTo(201);
    }

    @Test
    void refusesUploadsBeyondTheAssetCountQuota() {
        String token = tokenOnPlan(uniqueSubject("count"), "small");
        for (int i = 0; i < 4; i++) {
            assertThat(api.post("/v1/uploads", token, declared(KB)).status()).isEqualTo(201);
        }
        Http.Response over = api.post("/v1/uploads", token, declared(KB));
        assertThat(over.status()).isEqualTo(403);
        assertThat(over.code()).isEqualTo("QUOTA_EXCEEDED");
    }

    @Test
    void concurrentCreatesNeverOvershootTheQuota() throws Exception {
        String subject = uniqueSubject("racer");
        String token = tokenOnPlan(subject, "small");
        int racers = 16;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            calls.add(() -> {
                start.await();
                return api.post("/v1/uploads", token, declared(60 * KB)).status();
            });
        }
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(racers)) {
            List<Future<Integer>> futures = calls.stream().map(pool::submit).toList();
            start.countDown();
            for (Future<Integer> f : futures) {
                statuses.add(f.get());
            }
        }
        // 200 KB fits three 60 KB declarations, never four.
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(3);
        assertThat(statuses).filteredOn(s -> s == 403).hasSize(racers - 3);
        assertThat(usage(subject)).containsExactly(0L, 180 * KB, 0L, 3L);
    }

    @Test
    void createsWithoutAQuotaAreCountedSoAQuotaLaterSetSeesThemAndStillHoldsUnderConcurrency() throws Exception {
        String subject = uniqueSubject("unlimited-then-small");
        String unlimited = token(subject, "assets:read assets:write", Map.of());
        List<Integer> free = race(20, () -> api.post("/v1/uploads", unlimited, declared(10 * KB)));
        assertThat(free).as("no quota: every create passes").containsOnly(201);
        assertThat(totalUsage(subject)).containsExactly(0L, 200 * KB, 0L, 20L);
        assertThat(jdbc.sql("select count(*) from owner_usage_stripes where owner_subject = :sub")
                .param("sub", subject).query(Long.class).single()).as("counted on stripes").isPositive();

        String small = tokenOnPlan(subject, "small");
        Http.Response over = api.post("/v1/uploads", small, declared(KB));
        assertThat(over.code()).as("the 20 pending uploads count against the quota").isEqualTo("QUOTA_EXCEEDED");

        List<String> pending = jdbc.sql("select id from uploads where owner_subject = :sub and state = 'PENDING'")
                .param("sub", subject).query(String.class).list();
        for (String id : pending) {
            assertThat(api.delete("/v1/uploads/" + id, unlimited).status()).isEqualTo(204);
        }
        assertThat(totalUsage(subject)).as("released on the owner's row, exactly").containsExactly(0L, 0L, 0L, 0L);

        // Racing under the quota with stripes present: 200 KB fits three 60 KB declarations, never four.
        List<Integer> racing = race(12, () -> api.post("/v1/uploads", small, declared(60 * KB)));
        assertThat(racing).filteredOn(s -> s == 201).hasSize(3);
        assertThat(totalUsage(subject)).containsExactly(0L, 180 * KB, 0L, 3L);
    }

    private static List<Integer> race(int racers, Callable<Http.Response> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(racers)) {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call().status();
                }));
            }
            start.countDown();
            for (Future<Integer> f : futures) {
                statuses.add(f.get());
            }
        }
        return statuses;
    }

    /** The owner's usage as the quota check sums it: the owner's row plus its stripes. */
    private List<Long> totalUsage(String subject) {
        return jdbc.sql("""
                        select coalesce(sum(bytes_used), 0), coalesce(sum(bytes_reserved), 0), coalesce(sum(assets_used), 0),
                               coalesce(sum(assets_reserved), 0)
                        from (select bytes_used, bytes_reserved, assets_used, assets_reserved from owner_usage
                              where owner_issuer = :iss and owner_subject = :sub
                              union all
                              select 0, bytes_reserved, 0, assets_reserved from owner_usage_stripes
                              where owner_issuer = :iss and owner_subject = :sub) u""")
                .param("iss", TestIdp.issuerUrl()).param("sub", subject)
                .query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).single();
    }

    @Test
    void completingConvertsTheReservationAndDeletingFreesIt() {
        String subject = uniqueSubject("keeper");
        String token = tokenOnPlan(subject, "small");
        byte[] photo = TestFiles.jpeg(200, 150);

        JsonNode asset = upload(token, "kept.jpg", "image/jpeg", photo);
        assertThat(usage(subject)).containsExactly((long) photo.length, 0L, 1L, 0L);

        assertThat(api.delete("/v1/assets/" + asset.get("id").asString(), token).status()).isEqualTo(204);
        assertThat(usage(subject)).containsExactly(0L, 0L, 0L, 0L);
    }

    @Test
    void expiryGivesTheReservationBackAndIsAudited() {
        String subject = uniqueSubject("expiring");
        String token = tokenOnPlan(subject, "small");
        JsonNode created = api.post("/v1/uploads", token, declared(150 * KB)).json();
        String uploadId = created.get("uploadId").asString();
        assertThat(usage(subject)).containsExactly(0L, 150 * KB, 0L, 1L);

        // What the expiry sweep does to an upload whose time ran out.
        UploadTestAccess.expire(context, uploadId, "not completed in time");

        assertThat(usage(subject)).containsExactly(0L, 0L, 0L, 0L);
        assertThat(api.get("/v1/uploads/" + uploadId, token).json().get("state").asString()).isEqualTo("EXPIRED");
        String admin = token("auditor", "assets:admin", Map.of());
        JsonNode expired = api.get("/v1/audit?assetId=" + created.get("assetId").asString(), admin).json()
                .get("items").get(0);
        assertThat(expired.get("action").asString()).isEqualTo("upload.expired");
        assertThat(expired.get("actor").isNull()).as("the system, not a caller, expired it").isTrue();
    }

    @Autowired
    private ApplicationContext context;

    private List<Long> usage(String subject) {
        return jdbc.sql("select bytes_used, bytes_reserved, assets_used, assets_reserved from owner_usage "
                        + "where owner_issuer = :iss and owner_subject = :sub")
                .param("iss", TestIdp.issuerUrl()).param("sub", subject)
                .query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).single();
    }

    private static Map<String, Object> declared(long size) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("filename", "declared.jpg");
        body.put("contentType", "image/jpeg");
        body.put("size", size);
        return body;
    }
}
