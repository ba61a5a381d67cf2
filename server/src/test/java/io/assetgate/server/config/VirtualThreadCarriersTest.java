package io.assetgate.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import org.junit.jupiter.api.Test;

class VirtualThreadCarriersTest {

    @Test
    void defaultsToTwoCarriersPerCore() {
        Properties properties = new Properties();

        VirtualThreadCarriers.applyDefault(properties, 2);

        assertThat(properties.getProperty(VirtualThreadCarriers.PARALLELISM)).isEqualTo("4");
    }

    @Test
    void keepsTheJdkSettingWhenGiven() {
        Properties properties = new Properties();
        properties.setProperty(VirtualThreadCarriers.PARALLELISM, "3");

        VirtualThreadCarriers.applyDefault(properties, 2);

        assertThat(properties.getProperty(VirtualThreadCarriers.PARALLELISM)).isEqualTo("3");
    }
}
