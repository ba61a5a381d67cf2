package io.assetgate.server.processing.scan;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.assetgate.server.processing.ProcessingProperties;

/** A ClamAV scanner when {@code assetgate.processing.scan.clamd-host} is set; no scanning otherwise. */
@Configuration(proxyBeanMethods = false)
class ScanConfig {

    @Bean
    @ConditionalOnProperty("assetgate.processing.scan.clamd-host")
    Scanner clamAvScanner(ProcessingProperties properties) {
        return new ClamAvScanner(properties.scan());
    }
}
