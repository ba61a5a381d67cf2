package io.assetgate.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.SecuredServerTest;
import io.assetgate.server.support.TestFiles;
import tools.jackson.databind.JsonNode;

/** After an end-to-end upload, the metrics and health the operators rely on are there. */
class ObservabilityTest extends SecuredServerTest {

    @Test
    void prometheusShowsUploadSigningLimitAndAuthMetricsAfterAnEndToEndUpload() {
        String token = tokenFor(uniqueSubject("metrics"));
        upload(token, "m.jpg", "image/jpeg", TestFiles.jpeg(60, 40));
        JsonNode bad = create(token, "bad.jpg", "image/jpeg", "not a jpeg at all".getBytes());
        putToTarget(bad, "not a jpeg at all".getBytes());
        api.post("/v1/uploads/" + bad.get("uploadId").asString() + "/complete", token, null);
        api.get("/v1/assets", "garbage");

        String metrics = Http.fetch(api.base() + "/actuator/prometheus").text();

        assertThat(metrics)
                .contains("assetgate_uploads_initiated_total")
                .contains("assetgate_uploads_completed_total")
                .contains("assetgate_uploads_failed_total{reason=\"integrity\"")
                .contains("assetgate_uploads_bytes_accepted_bytes_total")
                .contains("assetgate_storage_signing_seconds_count{operation=\"upload\"")
                .contains("assetgate_storage_signing_seconds_count{operation=\"download\"")
                .contains("assetgate_auth_failures_total{reason=\"malformed\"")
                .contains("assetgate_audit_events_total");
    }

    @Test
    void everyUploadSigningIsCountedOnce() {
        String token = tokenFor(uniqueSubject("signing"));
        double before = signings("upload");

        create(token, "a.jpg", "image/jpeg", TestFiles.jpeg(20, 20));
        create(token, "b.jpg", "image/jpeg", TestFiles.jpeg(20, 20));

        assertThat(signings("upload")).isEqualTo(before + 2);
    }

    /** The count of {@code assetgate.storage.signing} for one operation, from the Prometheus scrape. */
    private double signings(String operation) {
        String prefix = "assetgate_storage_signing_seconds_count{operation=\"" + operation + "\"";
        return Http.fetch(api.base() + "/actuator/prometheus").text().lines()
                .filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void healthHasDatabaseAndIdentityProviderComponents() {
        JsonNode health = Http.fetch(api.base() + "/actuator/health").json();
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").get("db").get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").get("idp").get("status").asString()).isEqualTo("UP");
    }
}
