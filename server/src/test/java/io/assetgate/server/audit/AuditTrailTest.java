package io.assetgate.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.assetgate.server.jdbc.Sql;
import io.assetgate.server.support.ForgedTokens;
import io.assetgate.server.support.Http;
import io.assetgate.server.support.SecuredServerTest;
import io.assetgate.server.support.TestFiles;
import io.assetgate.server.support.TestIdp;
import tools.jackson.databind.JsonNode;

/** The audit trail: the full story of one upload, denials, pagination, trace ids and retention. */
class AuditTrailTest extends SecuredServerTest {

    @Autowired
    private AuditRetention retention;

    private final String admin = token("auditor", "assets:admin", Map.of());

    @Test
    void showsTheFullTrailOfOneUploadFromUrlToRecord() {
        String subject = uniqueSubject("alice");
        String token = tokenFor(subject);
        byte[] photo = TestFiles.jpeg(100, 80);
        Http.Response created = api.post("/v1/uploads", token, declaration("trail.jpg", "image/jpeg", photo));
        JsonNode upload = created.json();
        String assetId = upload.get("assetId").asString();
        putToTarget(upload, photo);
        api.post("/v1/uploads/" + upload.get("uploadId").asString() + "/complete", token, null);
        api.get("/v1/assets/" + assetId + "/content", token);
        api.delete("/v1/assets/" + assetId, token);

        List<JsonNode> items = items(api.get("/v1/audit?assetId=" + assetId, admin));

        assertThat(items).extracting(i -> i.get("action").asString()).containsExactly(
                "asset.deleted", "asset.download_url_issued", "upload.completed", "upload.created");
        JsonNode first = items.getLast();
        assertThat(first.get("actor").asString()).isEqualTo(TestIdp.issuerUrl() + "#" + subject);
        assertThat(first.get("outcome").asString()).isEqualTo("success");
        assertThat(first.get("uploadId").asString()).isEqualTo(upload.get("uploadId").asString());
        assertThat(first.get("ip").asString()).isEqualTo("127.0.0.1");
        assertThat(first.get("userAgent").asString()).isNotBlank();
        assertThat(first.get("requestId").asString()).isEqualTo(created.header("X-Request-Id"));
        assertThat(first.get("detail").asString()).contains("key assets/");
        assertThat(items(api.get("/v1/audit?actor=" + subject, admin))).hasSize(4);
    }

    @Test
    void recordsAuthenticationFailuresWithTheReasonButNeverTheToken() {
        Instant since = Instant.now().minusSeconds(1);
        String expired = ForgedTokens.genuine("victim", c -> c
                .issueTime(java.util.Date.from(Instant.now().minusSeconds(900)))
                .notBeforeTime(java.util.Date.from(Instant.now().minusSeconds(900)))
                .expirationTime(java.util.Date.from(Instant.now().minusSeconds(600))));
        assertThat(api.get("/v1/assets", expired).status()).isEqualTo(401);
        assertThat(api.get("/v1/assets", ForgedTokens.genuineWithHeader("victim",
                h -> h.jwkURL(URI.create("https://attacker.example/keys")))).status()).isEqualTo(401);

        Http.Response trail = api.get("/v1/audit?since=" + since + "&limit=500", admin);

        List<JsonNode> failures = items(trail).stream().filter(i -> i.get("action").asString().equals("auth.failed"))
                .toList();
        assertThat(failures).extracting(i -> i.get("reason").asString()).contains("expired", "header_key");
        assertThat(trail.text()).doesNotContain(expired).doesNotContain(expired.substring(0, 40));
    }

    @Test
    void recordsQuotaAndRateLimitDenials() {
        String subject = uniqueSubject("denied");
        String token = tokenOnPlan(subject, "throttled");
        for (int i = 0; i < 4; i++) {
            api.post("/v1/uploads", token, Map.of("filename", "a.jpg", "contentType", "image/jpeg", "size", 10));
        }
        String small = tokenOnPlan(subject + "-s", "small");
        api.post("/v1/uploads", small, Map.of("filename", "a.jpg", "contentType", "image/jpeg", "size", 10_000_000));

        assertThat(items(api.get("/v1/audit?actor=" + subject, admin))).extracting(i -> i.get("action").asString())
                .contains("rate.limited");
        assertThat(items(api.get("/v1/audit?actor=" + subject + "-s", admin)))
                .extracting(i -> i.get("action").asString()).containsExactly("quota.exceeded");
    }

    @Test
    void pagesThroughTheTrailWithACursorWithoutGapsOrRepeats() {
        String subject = uniqueSubject("pager");
        String token = tokenFor(subject);
        for (int i = 0; i < 5; i++) {
            api.post("/v1/uploads", token, Map.of("filename", "p.jpg", "contentType", "image/jpeg", "size", 10));
        }
        List<Long> ids = new ArrayList<>();
        String cursor = "";
        do {
            JsonNode page = api.get("/v1/audit?actor=" + subject + "&limit=2&cursor=" + cursor, admin).json();
            page.get("items").forEach(i -> ids.add(i.get("id").asLong()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
        } while (cursor != null);
        assertThat(ids).hasSize(5).doesNotHaveDuplicates().isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }

    @Test
    void keepsTheW3cTraceIdOfTheRequest() {
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String subject = uniqueSubject("traced");
        Http.Response created = Http.send(HttpRequest.newBuilder(URI.create(api.base() + "/v1/uploads"))
                .header("Authorization", "Bearer " + tokenFor(subject))
                .header("Content-Type", "application/json")
                .header("traceparent", "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"filename\":\"t.jpg\",\"contentType\":\"image/jpeg\",\"size\":10}"))
                .build());
        assertThat(created.status()).isEqualTo(201);

        JsonNode event = items(api.get("/v1/audit?actor=" + subject, admin)).getFirst();
        assertThat(event.get("traceId").asString()).isEqualTo(traceId);
    }

    @Test
    void purgesEventsOlderThanTheRetention() {
        jdbc.sql("insert into audit_events (at, action, outcome, detail) values (:at, 'upload.created', 'success', 'old')")
                .param("at", Sql.ts(Instant.now().minus(500, ChronoUnit.DAYS))).update();
        jdbc.sql("insert into audit_events (at, action, outcome, detail) values (:at, 'upload.created', 'success', 'recent')")
                .param("at", Sql.ts(Instant.now().minus(10, ChronoUnit.DAYS))).update();

        assertThat(retention.purge()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_events where detail = 'old'").query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from audit_events where detail = 'recent'").query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void refusesBadAuditQueries() {
        assertThat(api.get("/v1/audit?since=yesterday", admin).code()).isEqualTo("VALIDATION_FAILED");
        assertThat(api.get("/v1/audit?cursor=!!!", admin).code()).isEqualTo("VALIDATION_FAILED");
        assertThat(api.get("/v1/audit?limit=0", admin).code()).isEqualTo("VALIDATION_FAILED");
        assertThat(api.get("/v1/audit", null).code()).isEqualTo("UNAUTHENTICATED");
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] |= 1;
        return b;
    }

    private static List<JsonNode> items(Http.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<JsonNode> list = new ArrayList<>();
        response.json().get("items").forEach(list::add);
        return list;
    }
}
