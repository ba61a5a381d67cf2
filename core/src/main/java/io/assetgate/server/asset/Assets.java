package io.assetgate.server.asset;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.assetgate.server.security.Owner;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What other modules may do to asset records: the upload module creates them and settles
 * their fate at complete, abort and expiry; processing records what it found and made. The
 * asset module stays the one writer of the {@code assets} and {@code asset_variants} tables.
 *
 * <p>Every write joins the caller's transaction, and MUST be called inside one
 * ({@link Propagation#MANDATORY}): the caller's own record (an upload's state, an event)
 * changes in the same commit, or neither does.
 */
@Service
public class Assets {

    private final AssetRepository assets;

    Assets(AssetRepository assets) {
        this.assets = assets;
    }

    /** The asset with this id, whoever owns it; for the server's own work, never for a caller's request. */
    public Optional<Asset> find(String id) {
        return assets.find(id, null);
    }

    /**
     * The id of one of {@code owner}'s verified assets (AVAILABLE or READY) whose bytes had
     * {@code checksum}, for {@code "onDuplicate": "reuse"}. MUST stay bound to the owner.
     */
    public Optional<String> findVerifiedByChecksum(Owner owner, String checksum) {
        return assets.findVerifiedByChecksum(owner, checksum);
    }

    /** Records a new asset, PENDING until its upload completes. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void createPending(Asset asset) {
        if (asset.state() != AssetState.PENDING) {
            throw new IllegalArgumentException("a new asset is PENDING, not " + asset.state());
        }
        assets.insert(asset);
    }

    /** Records the checksum verified at complete, for an asset declared without one. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordChecksum(String id, String checksum) {
        assets.setChecksum(id, checksum);
    }

    /**
     * Moves the asset from one of {@code from} to {@code to}, stamping the matching time.
     * Returns false when it was in none of them: a conditional update, so racing callers have
     * exactly one winner.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean transition(String id, List<AssetState> from, AssetState to, String reason, Instant at) {
        return assets.transition(id, from, to, reason, at);
    }

    /** Removes the record of an asset whose upload never completed (aborted or expired), with its variants. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void discard(String id) {
        assets.delete(id);
    }

    /** Records a variant, replacing one of the same name. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void saveVariant(String assetId, Variant variant) {
        assets.saveVariant(assetId, variant);
    }

    /** Records what processing learnt of the media. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void saveMetadata(String assetId, AssetMetadata metadata) {
        assets.saveMetadata(assetId, metadata);
    }

    /** Points the asset at its object's new key (after a move to quarantine). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void moveObject(String assetId, String objectKey) {
        assets.moveObject(assetId, objectKey);
    }

    /** Records the size and checksum of an original that processing rewrote (metadata stripped). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void replaceOriginal(String assetId, long size, String checksum) {
        assets.replaceOriginal(assetId, size, checksum);
    }
}
