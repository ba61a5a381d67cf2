package io.assetgate.server.asset;

import io.assetgate.server.security.Owner;

/** What happens to assets, published in the transaction that made it happen. */
public final class AssetEvents {

    private AssetEvents() {
    }

    /** An upload was verified and its asset is AVAILABLE. */
    public record AssetCompleted(String assetId, Owner owner) {
    }

    /** An asset and its objects were deleted. */
    public record AssetDeleted(String assetId, Owner owner) {
    }

    /**
     * An asset record was removed; {@code completed} tells whether its bytes had been counted
     * as used (a pending asset is still its upload's reservation).
     */
    public record AssetRemoved(String assetId, Owner owner, long size, boolean completed) {
    }

    /** Processing rewrote an asset's original without its metadata: it holds {@code bytes} fewer. */
    public record OriginalShrunk(String assetId, Owner owner, long bytes) {
    }

    /** A content check quarantined the asset; {@code reason} says what it found. */
    public record AssetQuarantined(String assetId, String uploadId, String reason) {
    }

    /** A short-lived download link was signed for the caller. */
    public record DownloadIssued(String assetId, String variant) {
    }
}
