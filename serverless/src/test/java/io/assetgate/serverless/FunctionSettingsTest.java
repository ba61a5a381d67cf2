package io.assetgate.serverless;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The functions' settings: application.properties under every other source. */
class FunctionSettingsTest {

    @Test
    void readsTheModulesDefaultsBeneathTheEnvironment() {
        StandardEnvironment environment = new StandardEnvironment();
        // Stands for an environment variable or a system property: any source already there.
        environment.getPropertySources().addFirst(new MapPropertySource("deployment",
                Map.of("assetgate.data-dir", "/tmp/from-the-deployment")));

        new FunctionSettings().onApplicationEvent(new ApplicationEnvironmentPreparedEvent(
                new DefaultBootstrapContext(), new SpringApplication(), new String[0], environment));

        assertThat(environment.getProperty("assetgate.storage.type")).as("a default of the module").isEqualTo("s3");
        assertThat(environment.getProperty("spring.main.lazy-initialization")).isEqualTo("true");
        assertThat(environment.getProperty("assetgate.data-dir")).as("the deployment's setting wins")
                .isEqualTo("/tmp/from-the-deployment");
        assertThat(environment.getPropertySources().stream().map(source -> source.getName()).toList())
                .last().isEqualTo(FunctionSettings.DEFAULTS);
    }
}
