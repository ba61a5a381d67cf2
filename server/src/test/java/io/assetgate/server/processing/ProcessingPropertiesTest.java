package io.assetgate.server.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Binding {@code assetgate.processing.*} as the server does: defaults, overrides, refusals. */
class ProcessingPropertiesTest {

    @Test
    void defaultVariantsAreThumbnailAndPreviewInWebp() {
        ProcessingProperties p = bind(Map.of());

        assertThat(p.variants()).containsOnlyKeys("thumbnail", "preview");
        assertThat(p.variants().get("thumbnail")).isEqualTo(new VariantSpec(256, VariantSpec.Fit.COVER, null));
        assertThat(p.formatOf(p.variants().get("preview"))).isEqualTo("webp");
        assertThat(p.maxPixels()).isEqualTo(100_000_000L);
    }

    @Test
    void configuredVariantsOverrideAndExtendTheDefaults() {
        ProcessingProperties p = bind(Map.of(
                "assetgate.processing.variants.preview.size", "2048",
                "assetgate.processing.variants.preview.fit", "inside",
                "assetgate.processing.variants.square.size", "512",
                "assetgate.processing.variants.square.fit", "cover",
                "assetgate.processing.variants.square.format", "jpeg"));

        assertThat(p.variants().get("preview").size()).isEqualTo(2048);
        assertThat(p.variants().get("square")).isEqualTo(new VariantSpec(512, VariantSpec.Fit.COVER, "jpeg"));
        assertThat(p.imageVariants()).containsOnlyKeys("thumbnail", "preview", "square");
    }

    @Test
    void refusesUnsafeVariantNamesAndUnknownFormats() {
        assertThatThrownBy(() -> bind(Map.of("assetgate.processing.variants.[../x].size", "10")))
                .hasStackTraceContaining("bad name");
        assertThatThrownBy(() -> bind(Map.of("assetgate.processing.format", "gif")))
                .hasStackTraceContaining("webp or jpeg");
    }

    private static ProcessingProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("assetgate.processing", ProcessingProperties.class);
    }
}
