package io.assetgate.server.processing.scan;

import java.io.IOException;
import java.nio.file.Path;

/** The malware scanning port. Adapters speak to a scanning engine; the pipeline sees only verdicts. */
public interface Scanner {

    /**
     * Scans the file.
     *
     * @return the verdict; {@link Verdict#clean()} when nothing was found
     * @throws IOException when the engine cannot be reached or answers nonsense; the job is then retried,
     *     so an unscanned file never counts as clean
     */
    Verdict scan(Path file) throws IOException;

    /** A scan's verdict: {@code threat} is the engine's signature name, or null when clean. */
    record Verdict(String threat) {
        public static Verdict clean() {
            return new Verdict(null);
        }

        public boolean infected() {
            return threat != null;
        }
    }
}
