package io.assetgate.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.ServerTest;

/** The documents and endpoints an operator or integrator reads without a token. */
class OperationsEndpointsTest extends ServerTest {

    @Test
    void servesTheOpenApiDocumentGeneratedFromTheCode() {
        Http.Response doc = api.get("/v3/api-docs", null);

        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.json().get("paths").propertyNames())
                .contains("/v1/uploads", "/v1/uploads/{id}/complete", "/v1/assets", "/v1/assets/{id}/content");
        assertThat(api.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
    }

    @Test
    void healthReportsTheDatabase() {
        Http.Response health = api.get("/actuator/health", null);

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("components").get("db").get("status").asString()).isEqualTo("UP");
    }

    @Test
    void probesForLoadBalancersAnswerWithoutATokenAndReadinessLeavesSharedDependenciesOut() {
        Http.Response liveness = api.get("/actuator/health/liveness", null);
        Http.Response readiness = api.get("/actuator/health/readiness", null);

        assertThat(liveness.status()).isEqualTo(200);
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
        // A database outage must not take every node out of the balancer at once (docs/operations.md).
        assertThat(readiness.text()).doesNotContain("\"db\"").doesNotContain("storage");
    }

    @Test
    void unknownRoutesAnswerAProblemWithoutInternals() {
        Http.Response response = api.get("/v1/nothing-here", tokenFor("olga"));

        assertThat(response.status()).isIn(403, 404);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.text()).doesNotContain("Exception").doesNotContain("io.assetgate");
    }
}
