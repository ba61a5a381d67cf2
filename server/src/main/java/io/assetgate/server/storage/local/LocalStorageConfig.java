package io.assetgate.server.storage.local;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.assetgate.server.config.AssetgateProperties;
import io.assetgate.server.config.DataDirectory;

/** Wires the local store when {@code assetgate.storage.type} is {@code local} (the default). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "assetgate.storage.type", havingValue = "local", matchIfMissing = true)
class LocalStorageConfig {

    @Bean
    LocalObjectStore localObjectStore(DataDirectory dataDir, AssetgateProperties properties, Clock clock) {
        return new LocalObjectStore(dataDir.directory("objects"), dataDir.secretKey("local-store.key", 32),
                properties.baseUrl(), clock);
    }
}
