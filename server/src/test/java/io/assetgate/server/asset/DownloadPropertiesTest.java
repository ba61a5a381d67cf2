package io.assetgate.server.asset;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The download links' lifetime keeps its public setting name, default and cap. */
class DownloadPropertiesTest {

    @Test
    void bindsThePublicSettingName() {
        assertThat(bind(Map.of("assetgate.upload.download-url-ttl", "2m")).downloadUrlTtl())
                .isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void defaultsToFiveMinutes() {
        assertThat(bind(Map.of("assetgate.upload.url-ttl", "1m")).downloadUrlTtl()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void isCappedAtTenMinutes() {
        assertThat(bind(Map.of("assetgate.upload.download-url-ttl", "2h")).downloadUrlTtl())
                .isEqualTo(Duration.ofMinutes(10));
    }

    private static DownloadProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("assetgate.upload", DownloadProperties.class);
    }
}
