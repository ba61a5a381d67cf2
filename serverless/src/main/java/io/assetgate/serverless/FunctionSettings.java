package io.assetgate.serverless;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Where a function's settings come from, in this order: the arguments of {@link Core#startWith}
 * (tests and benchmarks), JVM system properties, the environment variables (relaxed names:
 * {@code ASSETGATE_STORAGE_S3_BUCKET}), then this module's {@code application.properties}.
 * <p>
 * This listener stands in for Spring Boot's config data processing, which looks for
 * {@code application-*.properties}, YAML, profiles, config trees and {@code spring.config.import}
 * in several places: a function's settings are its environment variables, and that search was
 * about 7% of a cold start (bench/lambda-init.sh). It runs where Boot's would, before the logging
 * system reads its {@code logging.*} settings.
 */
final class FunctionSettings implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    static final String DEFAULTS = "application.properties";

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        try {
            // Last: every other source (arguments, system properties, environment) overrides it.
            event.getEnvironment().getPropertySources()
                    .addLast(new ResourcePropertySource(DEFAULTS, new ClassPathResource(DEFAULTS)));
        } catch (IOException e) {
            throw new UncheckedIOException("The function's " + DEFAULTS + " cannot be read", e);
        }
    }

    /** Boot's own environment post-processing runs at this order, before the logging listener. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
