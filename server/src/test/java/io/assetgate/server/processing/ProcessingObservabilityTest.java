package io.assetgate.server.processing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.TestFiles;
import io.assetgate.server.support.TestIdp;
import io.assetgate.server.support.TestMedia;
import tools.jackson.databind.JsonNode;

/** Processing shows up in the metrics and, when it quarantines, in the audit trail. */
class ProcessingObservabilityTest extends ProcessingServerTest {

    @Test
    void processingDurationQueueDepthAndQuarantineAuditAreRecorded() {
        String token = tokenFor("quinn");
        String good = upload(token, "ok.jpg", "image/jpeg", TestFiles.jpeg(400, 300)).get("id").asString();
        String bad = upload(token, "cat.jpg", "image/jpeg", TestMedia.htmlDisguisedAsJpeg()).get("id").asString();

        assertThat(awaitProcessed(token, good).get("state").asString()).isEqualTo("READY");
        assertThat(awaitProcessed(token, bad).get("state").asString()).isEqualTo("QUARANTINED");

        String metrics = Http.fetch(api.base() + "/actuator/prometheus").text();
        assertThat(metrics).containsPattern("assetgate_processing_duration_seconds_count\\{[^}]*outcome=\"ready\"")
                .containsPattern("assetgate_processing_duration_seconds_count\\{[^}]*outcome=\"quarantined\"")
                .contains("assetgate_processing_queue_depth");
        JsonNode trail = api.get("/v1/audit?assetId=" + bad, TestIdp.token("auditor", "assets:admin")).json();
        assertThat(trail.get("items").toString()).contains("asset.quarantined");
    }
}
