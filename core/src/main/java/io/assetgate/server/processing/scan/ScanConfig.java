package io.assetgate.server.processing.scan;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.assetgate.server.processing.ProcessingProperties;

/**
 * A ClamAV scanner when {@code assetgate.processing.scan.clamd-host} is set; no scanning otherwise.
 * The setting is read when the context starts, not by a condition on the bean: the serverless
 * functions' context is wired at build time (Spring AOT), and a condition evaluated there would
 * silently turn scanning off for a deployment that sets the host.
 */
@Configuration(proxyBeanMethods = false)
class ScanConfig {

    /** Null (no bean, for {@code ObjectProvider.getIfAvailable()}) when scanning is off. */
    @Bean
    Scanner clamAvScanner(ProcessingProperties properties) {
        return properties.scan().enabled() ? new ClamAvScanner(properties.scan()) : null;
    }
}
