package io.assetgate.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import io.assetgate.server.config.VirtualThreadCarriers;

/** Entry point of the Assetgate server. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AssetgateApplication {

    public static void main(String[] args) {
        VirtualThreadCarriers.applyDefault();
        SpringApplication.run(AssetgateApplication.class, args);
    }
}
