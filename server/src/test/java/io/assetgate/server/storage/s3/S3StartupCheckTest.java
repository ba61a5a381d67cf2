package io.assetgate.server.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.assetgate.server.AssetgateApplication;
import io.assetgate.server.support.S3ProxyServer;
import io.assetgate.server.support.ServerTest;
import io.assetgate.server.support.TestDatabases;
import io.assetgate.server.support.TestIdp;
import io.assetgate.server.support.TempDirs;

/**
 * Wrong S3 settings stop the server at startup with one line that names the setting to fix,
 * and no stack trace, against a real S3 implementation.
 */
@ExtendWith(OutputCaptureExtension.class)
class S3StartupCheckTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "missing bucket,     bucket,     no-such-bucket-here, does not exist (check assetgate.storage.s3.bucket)",
        "wrong secret,       secret-key, not-the-secret,      credentials were refused",
        "unreachable store,  endpoint,   http://127.0.0.1:1,  cannot reach the S3 endpoint",
        "no bucket setting,  bucket,     '',                  assetgate.storage.s3.bucket is required"})
    void refusesToStartWithOneClearLine(String name, String setting, String value, String expected,
            CapturedOutput output) throws IOException {
        S3ProxyServer s3 = S3ProxyServer.get();
        Map<String, Object> properties = new HashMap<>(s3.settings(s3.newBucket()));
        properties.put("assetgate.storage.s3." + setting, value);
        properties.put("server.port", ServerTest.freePort());
        properties.put("assetgate.data-dir", TempDirs.create("assetgate-startup").toString());
        properties.put("spring.datasource.url", TestDatabases.newH2());
        properties.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", TestIdp.issuerUrl());
        properties.put("assetgate.reconciler.enabled", "false");

        // As arguments, so they win over application.yml (as default properties, the data dir
        // and database would be application.yml's ./data).
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        assertThatThrownBy(() -> new SpringApplicationBuilder(AssetgateApplication.class).run(args).close())
                .hasRootCauseInstanceOf(S3StartupException.class);

        // One line whatever the log format: plain text, or one JSON object per line (ECS).
        String line = output.getAll().lines().filter(l -> l.contains("S3 storage check failed: ")).findFirst()
                .orElseThrow(() -> new AssertionError("no failure line in:\n" + output.getAll()));
        assertThat(line).contains(expected).doesNotContain(S3ProxyServer.SECRET_KEY);
        assertThat(output.getAll()).doesNotContain("\tat io.assetgate").doesNotContain("Application run failed");
    }
}
