package io.assetgate.client;

/**
 * Receives the progress of an upload. Parts go up in parallel, so it is called from several
 * threads; implementations must be thread-safe and quick. {@code bytesSent} can go down when a
 * part is sent again after a failure.
 */
@FunctionalInterface
public interface ProgressListener {

    void onProgress(Progress progress);

    /** No-op listener. */
    ProgressListener NONE = p -> { };

    /** Where one file's upload stands. */
    record Progress(String filename, long bytesSent, long totalBytes) {
        public double fraction() {
            return totalBytes == 0 ? 1.0 : (double) bytesSent / totalBytes;
        }
    }
}
