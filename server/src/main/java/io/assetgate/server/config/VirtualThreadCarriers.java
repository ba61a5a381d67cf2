package io.assetgate.server.config;

import java.util.Properties;

/**
 * How many platform threads carry the request threads, which are virtual.
 *
 * <p>The JDK's default is one carrier per core. A carrier keeps the virtual threads it woke
 * in a queue of its own, and the other carriers take from that queue only when theirs is
 * empty. So when the kernel takes a core from a carrier (to the collector, the JIT, H2's
 * writer or the load itself), the requests queued behind it wait, while the others go on: in
 * the create benchmark on 2 cores, groups of requests stalled for 100 to 600 ms. Twice as
 * many carriers as cores let the kernel run another one meanwhile; on 2 cores that cut the
 * slowest answers three to five times (bench/README.md, "Virtual-thread carriers").
 *
 * <p>The JDK's own setting, {@value #PARALLELISM}, still decides when it is given.
 */
public final class VirtualThreadCarriers {

    /** The JDK's system property for the number of carriers. */
    public static final String PARALLELISM = "jdk.virtualThreadScheduler.parallelism";

    private VirtualThreadCarriers() {
    }

    /**
     * Sets the default for this JVM. Call it first thing in {@code main}: the JDK reads the
     * property once, when it makes its first virtual thread.
     */
    public static void applyDefault() {
        applyDefault(System.getProperties(), Runtime.getRuntime().availableProcessors());
    }

    static void applyDefault(Properties properties, int processors) {
        if (properties.getProperty(PARALLELISM) == null) {
            properties.setProperty(PARALLELISM, Integer.toString(2 * processors));
        }
    }
}
