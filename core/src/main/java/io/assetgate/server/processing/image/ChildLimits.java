package io.assetgate.server.processing.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.springframework.util.unit.DataSize;

/**
 * The limits a decoding child process runs under: an address-space cap, so a hostile file
 * cannot make the decoder take the machine's memory, and no core dump. Where {@code prlimit} is
 * missing the child runs without them (and the time limit still applies).
 */
final class ChildLimits {

    private ChildLimits() {
    }

    /** The words to put before the child's own command line. */
    static List<String> prefix(DataSize memoryLimit) {
        if (!Files.isExecutable(Path.of("/usr/bin/prlimit"))) {
            return List.of();
        }
        return List.of("prlimit", "--as=" + memoryLimit.toBytes(), "--core=0", "--");
    }
}
