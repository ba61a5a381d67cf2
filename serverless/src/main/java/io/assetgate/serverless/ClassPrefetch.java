package io.assetgate.serverless;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Loads and links, without initializing, the classes a cold start of the API function loads, in
 * the order it loads them ({@value #LIST}, recorded by {@code BENCH_CLASS_LIST=1
 * bench/lambda-init.sh}). Run on {@link ColdStartWarmer}'s thread while the main thread starts the
 * context, it takes most of the reading, parsing and verifying of about 4,000 classes off the
 * main thread, which then finds them loaded. What Java's class data sharing would do, which a
 * Lambda managed runtime does not offer for a function's own classes.
 * <p>
 * Loading a class runs none of its code (no static initializer), so it changes nothing but
 * timing. A name that is no longer there, or cannot be loaded here, is passed over: the main
 * thread loads what it needs itself, and a stale list only saves less
 * ({@code ClassPrefetchTest} fails when much of it is stale).
 */
final class ClassPrefetch {

    static final String LIST = "META-INF/assetgate/cold-start-classes.txt";

    private ClassPrefetch() {
    }

    /** Loads the listed classes with {@code loader}; returns how many of the names it loaded. */
    static int run(ClassLoader loader) {
        InputStream list = loader.getResourceAsStream(LIST);
        if (list == null) {
            return 0;
        }
        int loaded = 0;
        try (BufferedReader names = new BufferedReader(new InputStreamReader(list, StandardCharsets.UTF_8))) {
            for (String name = names.readLine(); name != null; name = names.readLine()) {
                if (load(name.strip(), loader)) {
                    loaded++;
                }
            }
        } catch (IOException e) {
            // The list could not be read to its end: the main thread loads the rest.
        }
        return loaded;
    }

    private static boolean load(String name, ClassLoader loader) {
        if (name.isEmpty() || name.startsWith("#")) {
            return false;
        }
        try {
            // Asking for the declared fields links (verifies) the class without initializing it.
            Class.forName(name, false, loader).getDeclaredFields();
            return true;
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return false;
        }
    }
}
