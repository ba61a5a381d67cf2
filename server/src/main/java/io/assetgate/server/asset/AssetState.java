package io.assetgate.server.asset;

/** The asset states of the API (docs/api.md). */
public enum AssetState {
    /** Not yet complete. */
    PENDING,
    /** Verified, downloadable. */
    AVAILABLE,
    /** Processing done, variants present. */
    READY,
    /** Failed a content check; not downloadable. */
    QUARANTINED,
    /** The upload or its processing failed. */
    FAILED;

    /** True when the original may be downloaded. */
    public boolean downloadable() {
        return this == AVAILABLE || this == READY;
    }
}
