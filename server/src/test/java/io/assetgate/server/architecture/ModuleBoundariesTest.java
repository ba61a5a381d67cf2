package io.assetgate.server.architecture;

import static org.assertj.core.api.Assertions.assertThat;

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

    /** The core's classes (core/) are checked with the server's: the same packages, the same modules. */
    @Test
    void theCoresClassesAreInTheirModules() throws ClassNotFoundException {
        Class<?> service = Class.forName("io.assetgate.server.upload.UploadService");
        Class<?> controller = Class.forName("io.assetgate.server.upload.UploadController");
        Class<?> processor = Class.forName("io.assetgate.server.processing.AssetProcessor");
        assertThat(MODULES.getModuleByName("upload")).hasValueSatisfying(upload -> {
            assertThat(upload.contains(service)).as("from core").isTrue();
            assertThat(upload.contains(controller)).as("from server").isTrue();
        });
        assertThat(MODULES.getModuleByName("processing"))
                .hasValueSatisfying(processing -> assertThat(processing.contains(processor)).isTrue());
    }
}
