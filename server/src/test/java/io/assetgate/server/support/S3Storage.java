package io.assetgate.server.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfiguration;

/**
 * Runs a {@link ServerTest} with {@code assetgate.storage.type=s3} against {@link S3ProxyServer},
 * in a fresh bucket per application context. Test classes with this annotation and the same
 * other settings share one context, as the local-store ones do.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ContextConfiguration(initializers = S3Storage.Initializer.class)
public @interface S3Storage {

    /** Points the context at S3Proxy before it starts. */
    class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            S3ProxyServer s3 = S3ProxyServer.get();
            context.getEnvironment().getPropertySources()
                    .addFirst(new MapPropertySource("s3proxy", s3.settings(s3.newBucket())));
        }
    }
}
