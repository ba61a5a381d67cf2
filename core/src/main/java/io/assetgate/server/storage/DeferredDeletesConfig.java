package io.assetgate.server.storage;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * With {@code assetgate.storage.deletes=deferred}, every user of the storage ports gets the
 * {@link DeferringStore} over the configured store (the adapter's own bean stays, for what needs
 * the adapter itself). The server never sets it: it deletes at once.
 *
 * <p>The condition is evaluated when the context is wired: at start for the server, at build time
 * for the serverless functions (Spring AOT), whose build wires it in with {@code deferred} so that
 * every function has the store, which then follows that function's own setting at run time.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "assetgate.storage.deletes", havingValue = "deferred")
class DeferredDeletesConfig {

    /** {@code store} is the adapter's bean: a bean is never injected into itself. */
    @Bean
    @Primary
    DeferringStore deferringStore(ObjectStore store, DeferredDeletions deletions, StorageProperties properties) {
        return new DeferringStore(store, deletions, properties.defersDeletes());
    }
}
