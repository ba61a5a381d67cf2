package io.assetgate.server.processing.image.codec;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;

/** Finds a shared library of the system by its file names, for the FFM bindings of this package. */
final class NativeLibrary {

    private NativeLibrary() {
    }

    /**
     * The first of {@code names} the dynamic linker loads (searched as {@code dlopen} does:
     * {@code LD_LIBRARY_PATH}, the linker cache), kept loaded for the JVM's life; null when none loads.
     */
    static SymbolLookup find(String... names) {
        for (String name : names) {
            try {
                return SymbolLookup.libraryLookup(name, Arena.global());
            } catch (IllegalArgumentException notThere) {
                // try the next name
            }
        }
        return null;
    }
}
