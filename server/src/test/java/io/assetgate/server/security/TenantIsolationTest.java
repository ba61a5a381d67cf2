package io.assetgate.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.ServerTest;
import io.assetgate.server.support.TestFiles;
import io.assetgate.server.support.TestIdp;
import tools.jackson.databind.JsonNode;

/** With {@code assetgate.security.tenant-claim}, object keys live under the caller's tenant. */
@TestPropertySource(properties = "assetgate.security.tenant-claim=org_id")
class TenantIsolationTest extends ServerTest {

    @Test
    void prefixesObjectKeysWithTheTenantFromTheToken() {
        byte[] photo = TestFiles.jpeg(32, 32);
        String token = tenantToken("acme-1");
        JsonNode upload = create(token, "t.jpg", "image/jpeg", photo);
        assertThat(upload.get("target").get("url").asString()).contains("/store/acme-1/assets/");
        assertThat(putToTarget(upload, photo).status()).isEqualTo(200);
        assertThat(api.post("/v1/uploads/" + upload.get("uploadId").asString() + "/complete", token, null).status())
                .isEqualTo(200);
    }

    @ParameterizedTest(name = "tenant \"{0}\"")
    @ValueSource(strings = {"", "../other", "acme/evil", "a b", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void refusesTokensWhoseTenantCouldEscapeItsPrefix(String tenant) {
        Http.Response r = api.post("/v1/uploads", tenantToken(tenant),
                declaration("t.jpg", "image/jpeg", TestFiles.jpeg(8, 8)));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void refusesTokensWithoutATenant() {
        Http.Response r = api.get("/v1/assets", tokenFor("no-tenant"));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("UNAUTHENTICATED");
    }

    private static String tenantToken(String tenant) {
        return TestIdp.token(TestIdp.ISSUER, "tenant-user", List.of(TestIdp.AUDIENCE),
                Map.of("scope", READ_WRITE, "org_id", tenant), 3600);
    }
}
