package io.assetgate.server.observability;

import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;
import org.springframework.util.function.SingletonSupplier;

import io.assetgate.server.storage.ObjectStore;

/**
 * Times every URL signing of whichever {@link ObjectStore} is configured, as
 * {@code assetgate.storage.signing{operation=upload|download, store=...}}. The store is
 * proxied in place (as its own class when it can be), so beans that need the concrete
 * adapter still get it.
 */
@Configuration(proxyBeanMethods = false)
class SigningMetrics {

    private static final Set<String> SIGNING = Set.of("signUpload", "signDownload");

    @Bean
    static BeanPostProcessor signingTimer(ObjectProvider<MeterRegistry> registry) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!(bean instanceof ObjectStore)) {
                    return bean;
                }
                String store = ClassUtils.getUserClass(bean).getSimpleName();
                // Looked up once, on first use: the registry may not exist yet while beans are
                // post-processed, and a lookup per signing cost a builder and a map probe.
                Supplier<Timer> uploads = SingletonSupplier.of(() -> timer(registry.getObject(), "upload", store));
                Supplier<Timer> downloads = SingletonSupplier.of(() -> timer(registry.getObject(), "download", store));
                MethodInterceptor timer = call -> {
                    String method = call.getMethod().getName();
                    if (!SIGNING.contains(method)) {
                        return call.proceed();
                    }
                    Timer.Sample sample = Timer.start();
                    try {
                        return call.proceed();
                    } finally {
                        sample.stop(method.equals("signUpload") ? uploads.get() : downloads.get());
                    }
                };
                if (bean instanceof Advised advised) {
                    // Already proxied (another decorator): join that proxy rather than wrap it.
                    advised.addAdvice(timer);
                    return bean;
                }
                ProxyFactory proxy = new ProxyFactory(bean);
                proxy.setProxyTargetClass(subclassable(bean.getClass()));
                proxy.addAdvice(timer);
                return proxy.getProxy(bean.getClass().getClassLoader());
            }
        };
    }

    private static Timer timer(MeterRegistry registry, String operation, String store) {
        return Timer.builder("assetgate.storage.signing").tag("operation", operation).tag("store", store)
                .publishPercentileHistogram().register(registry);
    }

    /**
     * A class proxy keeps the concrete type injectable, but only works for a non-final class
     * without final methods (those would run on the proxy's empty fields); otherwise the
     * store is proxied by its interface.
     */
    static boolean subclassable(Class<?> type) {
        return !Modifier.isFinal(type.getModifiers()) && Arrays.stream(type.getMethods())
                .filter(m -> m.getDeclaringClass() != Object.class)
                .noneMatch(m -> Modifier.isFinal(m.getModifiers()));
    }
}
