package io.assetgate.server.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import io.assetgate.server.storage.ObjectStore;
import io.assetgate.server.storage.StorageUnavailableException;
import io.assetgate.server.support.Http;
import io.assetgate.server.support.ServerTest;
import io.assetgate.server.support.TestFiles;
import tools.jackson.databind.JsonNode;

/**
 * The object store fails while an upload is completed. The local disk cannot be made to fail
 * for real, so a decorator in test configuration makes the store's reads throw what an
 * unreachable S3 would: the complete answers 503, the upload stays PENDING, and a retry
 * succeeds once the store is back.
 */
@Import(StorageFaultTest.FaultyStore.class)
class StorageFaultTest extends ServerTest {

    static final AtomicBoolean DOWN = new AtomicBoolean();

    @AfterEach
    void storeBack() {
        DOWN.set(false);
    }

    @Test
    void completeAnswers503KeepsTheUploadPendingAndARetrySucceeds() {
        String token = tokenFor("storage-fault");
        byte[] photo = TestFiles.jpeg(64, 64);
        JsonNode upload = create(token, "s.jpg", "image/jpeg", photo);
        assertThat(putToTarget(upload, photo).status()).isEqualTo(200);
        String path = "/v1/uploads/" + upload.get("uploadId").asString();

        DOWN.set(true);
        Http.Response failed = api.post(path + "/complete", token, null);

        assertThat(failed.status()).isEqualTo(503);
        assertThat(failed.code()).isEqualTo("STORAGE_UNAVAILABLE");
        assertThat(failed.header("Retry-After")).isNotBlank();
        assertThat(api.get(path, token).json().get("state").asString()).isEqualTo("PENDING");

        DOWN.set(false);
        Http.Response retried = api.post(path + "/complete", token, null);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.json().get("state").asString()).isEqualTo("AVAILABLE");
    }

    /** Makes the store's reads fail while {@link #DOWN} is set. */
    @TestConfiguration
    static class FaultyStore {

        private static final Set<String> READS = Set.of("stat", "open");

        @Bean
        static BeanPostProcessor faultInjectingStore() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (!(bean instanceof ObjectStore)) {
                        return bean;
                    }
                    MethodInterceptor fault = call -> {
                        if (DOWN.get() && READS.contains(call.getMethod().getName())) {
                            throw new StorageUnavailableException("injected: the store is unreachable", null,
                                    Duration.ofSeconds(2));
                        }
                        return call.proceed();
                    };
                    if (bean instanceof Advised advised) {
                        advised.addAdvice(0, fault);
                        return bean;
                    }
                    ProxyFactory proxy = new ProxyFactory(bean);
                    proxy.setProxyTargetClass(!Modifier.isFinal(bean.getClass().getModifiers()));
                    proxy.addAdvice(fault);
                    return proxy.getProxy(bean.getClass().getClassLoader());
                }
            };
        }
    }
}
