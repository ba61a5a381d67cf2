package io.assetgate.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.SecuredServerTest;
import io.assetgate.server.support.TestFiles;
import tools.jackson.databind.JsonNode;

/**
 * Insecure direct object references: another owner, an admin, and a guesser try every
 * endpoint with the victim's ids. Each gets the exact answer (404 so that existence does not
 * leak, or 403 for a missing scope), and the victim's records and objects are unchanged.
 */
class IdorAttackTest extends SecuredServerTest {

    private static final byte[] PHOTO = TestFiles.jpeg(80, 60);

    /** The victim's ids: a completed asset and a pending upload. */
    record Victim(String assetId, String uploadId) {
    }

    /** One call of the attacker: the API, the victim's ids, and the attacker's token. */
    @FunctionalInterface
    interface Call {
        Http.Response apply(Http api, Victim victim, String token);
    }

    record Attack(String name, String scopes, Call call, int status, String code) {
        @Override
        public String toString() {
            return name;
        }
    }

    private Victim victim;
    private String victimToken;

    @BeforeEach
    void victimHasAnAssetAndAPendingUpload() {
        victimToken = tokenFor(uniqueSubject("alice"));
        JsonNode asset = upload(victimToken, "private.jpg", "image/jpeg", PHOTO);
        JsonNode pending = create(victimToken, "pending.jpg", "image/jpeg", TestFiles.png(20, 20));
        victim = new Victim(asset.get("id").asString(), pending.get("uploadId").asString());
    }

    static Stream<Attack> attacks() {
        String rw = READ_WRITE;
        String adminOnly = "assets:admin";
        String adminRw = "assets:admin assets:read assets:write";
        return Stream.of(
                notFound("other owner reads the upload", rw, (h, v, t) -> h.get("/v1/uploads/" + v.uploadId(), t)),
                notFound("other owner completes the upload", rw,
                        (h, v, t) -> h.post("/v1/uploads/" + v.uploadId() + "/complete", t, null)),
                notFound("other owner sends content to the upload", rw,
                        (h, v, t) -> h.putContent("/v1/uploads/" + v.uploadId() + "/content", t, "image/png",
                                TestFiles.png(20, 20))),
                notFound("other owner aborts the upload", rw, (h, v, t) -> h.delete("/v1/uploads/" + v.uploadId(), t)),
                notFound("other owner signs parts of the upload", rw,
                        (h, v, t) -> h.post("/v1/uploads/" + v.uploadId() + "/parts", t,
                                Map.of("partNumbers", new int[] {1}))),
                notFound("other owner reads the asset", rw, (h, v, t) -> h.get("/v1/assets/" + v.assetId(), t)),
                notFound("other owner downloads the asset", rw,
                        (h, v, t) -> h.get("/v1/assets/" + v.assetId() + "/content", t)),
                notFound("other owner downloads a variant", rw,
                        (h, v, t) -> h.get("/v1/assets/" + v.assetId() + "/content?variant=thumbnail", t)),
                notFound("other owner deletes the asset", rw, (h, v, t) -> h.delete("/v1/assets/" + v.assetId(), t)),
                notFound("other owner uses the asset id as an upload id", rw,
                        (h, v, t) -> h.post("/v1/uploads/" + v.assetId() + "/complete", t, null)),
                notFound("other owner uses the upload id as an asset id", rw,
                        (h, v, t) -> h.get("/v1/assets/" + v.uploadId(), t)),
                notFound("guessed upload id", rw, (h, v, t) -> h.get("/v1/uploads/" + java.util.UUID.randomUUID(), t)),
                notFound("admin with write still cannot delete another's asset", adminRw,
                        (h, v, t) -> h.delete("/v1/assets/" + v.assetId(), t)),
                notFound("admin with write still cannot complete another's upload", adminRw,
                        (h, v, t) -> h.post("/v1/uploads/" + v.uploadId() + "/complete", t, null)),
                notFound("admin with write still cannot abort another's upload", adminRw,
                        (h, v, t) -> h.delete("/v1/uploads/" + v.uploadId(), t)),
                notFound("admin does not read another's uploads", adminRw,
                        (h, v, t) -> h.get("/v1/uploads/" + v.uploadId(), t)),
                new Attack("admin without write cannot delete", adminOnly,
                        (h, v, t) -> h.delete("/v1/assets/" + v.assetId(), t), 403, "FORBIDDEN"),
                new Attack("admin without write cannot create", adminOnly,
                        (h, v, t) -> h.post("/v1/uploads", t, declaration("x.jpg", "image/jpeg", PHOTO)), 403,
                        "FORBIDDEN"),
                new Attack("reader cannot read the audit trail", rw,
                        (h, v, t) -> h.get("/v1/audit?assetId=" + v.assetId(), t), 403, "FORBIDDEN"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void refusesAccessToAnotherOwnersIdsAndChangesNothing(Attack attack) {
        Snapshot before = snapshot();
        String attacker = token(uniqueSubject("mallory"), attack.scopes(), Map.of());

        Http.Response response = attack.call().apply(api, victim, attacker);

        assertThat(response.status()).as(response.toString()).isEqualTo(attack.status());
        assertThat(response.code()).isEqualTo(attack.code());
        assertThat(snapshot()).isEqualTo(before);
        assertThat(api.get("/v1/uploads/" + victim.uploadId(), victimToken).json().get("state").asString())
                .isEqualTo("PENDING");
        assertThat(api.get("/v1/assets/" + victim.assetId(), victimToken).status()).isEqualTo(200);
    }

    @Test
    void listingShowsOnlyTheCallersOwnAssets() {
        String mallory = tokenFor(uniqueSubject("mallory"));
        JsonNode page = api.get("/v1/assets?limit=200", mallory).json();
        assertThat(page.get("items").valueStream().map(i -> i.get("id").asString())).doesNotContain(victim.assetId());
    }

    @Test
    void adminReadsAnyOwnersAssetButNothingMore() {
        String admin = token(uniqueSubject("auditor"), "assets:admin", Map.of());
        assertThat(api.get("/v1/assets/" + victim.assetId(), admin).status()).isEqualTo(200);
        assertThat(api.get("/v1/assets?limit=200", admin).json().get("items").valueStream()
                .map(i -> i.get("id").asString())).contains(victim.assetId());
        assertThat(api.get("/v1/audit?assetId=" + victim.assetId(), admin).status()).isEqualTo(200);
    }

    private static Attack notFound(String name, String scopes, Call call) {
        return new Attack(name, scopes, call, 404, "NOT_FOUND");
    }
}
