package io.assetgate.serverless;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The core wired without a web stack: the same components and settings as the server's (the
 * packages under {@code io.assetgate.server} that core/ holds), plus the Lambda adapters. The
 * classpath has no servlet container, Spring MVC, actuator or security filter chain, so Spring
 * Boot configures only the data source, JDBC and transactions.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@ConfigurationPropertiesScan("io.assetgate.server")
@ComponentScan({"io.assetgate.server", "io.assetgate.serverless"})
public class ServerlessApplication {

    /** The core's counters and timers; CloudWatch gets the logs instead of a scrape endpoint. */
    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }
}
