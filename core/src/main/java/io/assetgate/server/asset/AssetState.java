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

    /**
     * True when the original may be downloaded. READY means every configured check (content
     * inspection, malware scan) passed. An AVAILABLE asset is verified against its declaration
     * but not yet checked: it MUST NOT be served unless the operator asked for that
     * ({@code assetgate.processing.download-before-checks}).
     */
    public boolean downloadable(boolean beforeChecks) {
        return this == READY || beforeChecks && this == AVAILABLE;
    }
}
