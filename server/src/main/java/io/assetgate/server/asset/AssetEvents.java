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
}
