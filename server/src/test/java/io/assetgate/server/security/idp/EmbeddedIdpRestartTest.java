package io.assetgate.server.security.idp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.assetgate.server.AssetgateApplication;
import io.assetgate.server.support.Http;
import io.assetgate.server.support.ServerTest;
import io.assetgate.server.support.TempDirs;
import tools.jackson.databind.JsonNode;

/**
 * A restart of a server on the embedded defaults keeps its users signed in: a refresh token
 * issued before the restart still works after it. Without that, every CLI would have to sign
 * in again, and an upload queued offline could not refresh its token when it finally runs.
 */
class EmbeddedIdpRestartTest {

    @Test
    void aRefreshTokenIssuedBeforeARestartWorksAfterIt() throws Exception {
        Path dataDir = TempDirs.create("assetgate-idp-restart");
        int port = ServerTest.freePort();
        String base = "http://localhost:" + port;

        String refreshToken;
        try (ConfigurableApplicationContext first = start(dataDir, port)) {
            refreshToken = signInOnADevice(base).get("refresh_token").asString();
        }

        try (ConfigurableApplicationContext second = start(dataDir, port)) {
            HttpResponse<String> refreshed = new Browser(base).post("/oauth2/token", Map.of(
                    "grant_type", "refresh_token", "refresh_token", refreshToken,
                    "client_id", EmbeddedIdpConfig.CLI_CLIENT));

            assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
            String access = Http.JSON.readTree(refreshed.body()).get("access_token").asString();
            assertThat(new Http(base).get("/v1/assets", access).status()).isEqualTo(200);
        }
    }

    /** The embedded defaults (H2 file and keys under the data dir), with one user. */
    private static ConfigurableApplicationContext start(Path dataDir, int port) {
        // As arguments, so they win over application.yml's port.
        return new SpringApplicationBuilder(AssetgateApplication.class).run(
                "--server.port=" + port,
                "--assetgate.public-url=http://localhost:" + port,
                "--assetgate.data-dir=" + dataDir,
                "--assetgate.idp.users[0].username=nina",
                "--assetgate.idp.users[0].password=correct horse",
                "--assetgate.idp.users[0].scopes=assets:read,assets:write",
                "--assetgate.reconciler.enabled=false");
    }

    /** The device flow, as the CLI runs it, approved by Nina in a browser. */
    private static JsonNode signInOnADevice(String base) throws Exception {
        Browser cli = new Browser(base);
        JsonNode device = Http.JSON.readTree(cli.post("/oauth2/device_authorization",
                Map.of("client_id", EmbeddedIdpConfig.CLI_CLIENT, "scope", "assets:read assets:write")).body());
        Browser person = new Browser(base);
        person.signIn("nina", "correct horse");
        HttpResponse<String> consent = person.get(device.get("verification_uri_complete").asString());
        assertThat(person.follow(person.submitForm(consent.body())).statusCode()).isLessThan(400);
        HttpResponse<String> tokens = cli.post("/oauth2/token", Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:device_code",
                "device_code", device.get("device_code").asString(), "client_id", EmbeddedIdpConfig.CLI_CLIENT));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return Http.JSON.readTree(tokens.body());
    }
}
