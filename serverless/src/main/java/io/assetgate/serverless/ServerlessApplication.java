package io.assetgate.serverless;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.PersistenceExceptionTranslationAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The core wired without a web stack: the same components and settings as the server's (the
 * packages under {@code io.assetgate.server} that core/ holds), plus the Lambda adapters.
 * <p>
 * The auto-configurations are named, not discovered: JDBC, transactions and property binding are
 * all the functions use, and a cold start should not weigh every candidate on the classpath (the
 * data source's pool is the functions' own, {@code database.FunctionDataSource}). The build wires this
 * context ahead of time (Spring AOT, {@code spring.properties} turns it on): conditions are
 * evaluated then, with this module's {@code application.properties}, so a setting that switches a
 * bean on or off at run time must be read by the bean itself, as the data source and the malware
 * scanner do.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, ConfigurationPropertiesAutoConfiguration.class,
        LifecycleAutoConfiguration.class, AopAutoConfiguration.class, DataSourceAutoConfiguration.class,
        JdbcTemplateAutoConfiguration.class,
        JdbcClientAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        TransactionManagerCustomizationAutoConfiguration.class, TransactionAutoConfiguration.class,
        PersistenceExceptionTranslationAutoConfiguration.class})
@ConfigurationPropertiesScan("io.assetgate.server")
@ComponentScan({"io.assetgate.server", "io.assetgate.serverless"})
public class ServerlessApplication {

    /** The build's ahead-of-time processing starts the context from here; Lambda uses {@link Core}. */
    public static void main(String[] args) {
        Core.application().run(args);
    }

    /** The core's counters and timers; CloudWatch gets the logs instead of a scrape endpoint. */
    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }
}
