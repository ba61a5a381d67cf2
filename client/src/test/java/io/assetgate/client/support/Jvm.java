package io.assetgate.client.support;

import java.nio.file.Path;

/** The JDK that runs the tests, for child processes. */
public final class Jvm {

    private Jvm() {
    }

    public static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
