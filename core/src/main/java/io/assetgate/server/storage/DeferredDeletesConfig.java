package io.assetgate.server.storage;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * With {@code assetgate.storage.deletes=deferred}, every user of the storage ports gets the
 * {@link DeferringStore} over the configured store (the adapter's own bean stays, for what needs
 * the adapter itself). The server never sets it: it deletes at once.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "assetgate.storage.deletes", havingValue = "deferred")
class DeferredDeletesConfig {

    /** {@code store} is the adapter's bean: a bean is never injected into itself. */
    @Bean
    @Primary
    DeferringStore deferringStore(ObjectStore store, DeferredDeletions deletions) {
        return new DeferringStore(store, deletions);
    }
}
