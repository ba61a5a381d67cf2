package io.assetgate.server.architecture;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

import io.assetgate.server.AssetgateApplication;

/**
 * The feature packages directly under {@code io.assetgate.server} are modules: a module may use
 * another's top-level types, never the types in its sub-packages (its internals), and no two
 * modules may depend on each other, directly or around a cycle.
 */
class ModuleBoundariesTest {

    static final ApplicationModules MODULES = ApplicationModules.of(AssetgateApplication.class);

    @Test
    void modulesHaveNoCyclesAndUseNoInternals() {
        MODULES.verify();
    }
}
