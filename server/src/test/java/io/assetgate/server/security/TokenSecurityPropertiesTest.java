package io.assetgate.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Key set settings the fetcher cannot run with stop the server at startup, with the setting's name. */
class TokenSecurityPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(TokenSecurityProperties.class)
    static class Bound {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    @Test
    void bindsTheDefaults() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            TokenSecurityProperties.Jwks jwks = context.getBean(TokenSecurityProperties.class).jwks();
            assertThat(jwks.cacheTtl()).hasMinutes(5);
            assertThat(jwks.refreshMinInterval()).hasSeconds(30);
        });
    }

    @ParameterizedTest(name = "{0}={1}, {2}={3}")
    @CsvSource({
        "cache-ttl, 3s, refresh-min-interval, 10s, refresh-min-interval (PT10S) must be shorter than",
        "cache-ttl, 30s, refresh-min-interval, 30s, refresh-min-interval (PT30S) must be shorter than",
        "cache-ttl, 0s, timeout, 5s, cache-ttl must be positive",
        "timeout, -1s, cache-ttl, 5m, timeout must be positive",
    })
    void refusesToStartWithKeySetSettingsTheFetcherCannotUse(String name, String value, String other, String otherValue,
            String message) {
        runner.withPropertyValues("assetgate.security.jwks." + name + "=" + value,
                "assetgate.security.jwks." + other + "=" + otherValue).run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(message);
                });
    }
}
