package io.assetgate.server.asset;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.assetgate.server.security.Caller;
import io.assetgate.server.storage.DownloadSpec;
import io.assetgate.server.storage.ObjectStore;
import io.assetgate.server.storage.SignedRequest;
import io.assetgate.server.web.ApiException;
import io.assetgate.server.web.ErrorCode;

/** Reading, downloading and deleting assets. A caller only ever sees assets they may read. */
@Service
public class AssetService {

    public static final int MAX_PAGE = 200;

    private final AssetRepository assets;
    private final AssetListing listing;
    private final ObjectStore store;
    private final DownloadProperties properties;
    private final ApplicationEventPublisher events;
    private final boolean downloadBeforeChecks;

    public AssetService(AssetRepository assets, AssetListing listing, ObjectStore store,
            DownloadProperties properties, ApplicationEventPublisher events,
            @Value("${assetgate.processing.download-before-checks:false}") boolean downloadBeforeChecks) {
        this.assets = assets;
        this.listing = listing;
        this.store = store;
        this.properties = properties;
        this.events = events;
        this.downloadBeforeChecks = downloadBeforeChecks;
    }

    /** The asset, or NOT_FOUND when it does not exist or the caller may not read it. */
    public Asset find(Caller caller, String id) {
        return assets.find(id, caller.readScope()).orElseThrow(() -> ApiException.notFound("Asset"));
    }

    public AssetView view(Caller caller, String id) {
        return view(find(caller, id));
    }

    /**
     * One page of the caller's list (every owner's, for an admin), newest first by the filter's
     * sort key. The cursor must come from the same filter and sort.
     */
    public AssetView.Page list(Caller caller, int limit, String cursor, AssetFilter filter) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiException.validation("limit", "must be between 1 and " + MAX_PAGE);
        }
        AssetCursor after = cursor == null || cursor.isBlank() ? null : AssetCursor.decode(cursor, filter);
        List<Asset> page = listing.page(caller.readScope(), filter, after, limit + 1);
        boolean more = page.size() > limit;
        List<Asset> items = more ? page.subList(0, limit) : page;
        String next = more ? AssetCursor.after(items.getLast(), filter).encode() : null;
        return new AssetView.Page(items.stream().map(this::view).toList(), next);
    }

    /** A short-lived download link for the original, or for the named variant. */
    public SignedRequest download(Caller caller, String id, String variant) {
        Asset asset = find(caller, id);
        requireDownloadable(asset);
        SignedRequest link;
        if (variant == null || variant.isBlank()) {
            link = store.signDownload(asset.objectKey(), new DownloadSpec(asset.contentType(), asset.filename()),
                    properties.downloadUrlTtl());
        } else {
            Variant v = asset.variants().get(variant);
            if (v == null) {
                throw ApiException.notFound("Variant " + variant);
            }
            link = signVariant(asset, v);
        }
        // Recorded once a link exists: a refused download is not an issued one.
        events.publishEvent(new AssetEvents.DownloadIssued(asset.id(), variant));
        return link;
    }

    /** Deletes the asset's objects, then its record. Deleting twice answers NOT_FOUND the second time. */
    @Transactional
    public void delete(Caller caller, String id) {
        Asset asset = assets.find(id, caller.owner()).orElseThrow(() -> ApiException.notFound("Asset"));
        assets.delete(asset.id());
        events.publishEvent(new AssetEvents.AssetDeleted(asset.id(), asset.owner()));
        events.publishEvent(new AssetEvents.AssetRemoved(asset.id(), asset.owner(), asset.size(),
                asset.completedAt() != null));
        // Objects go last: if the transaction fails, the record (and the objects) stay consistent.
        asset.variants().values().forEach(v -> store.delete(v.objectKey()));
        store.delete(asset.objectKey());
    }

    public AssetView view(Asset asset) {
        String url = null;
        java.time.Instant urlExpiresAt = null;
        Map<String, AssetView.VariantView> variants = new LinkedHashMap<>();
        if (asset.state().downloadable(downloadBeforeChecks)) {
            SignedRequest original = store.signDownload(asset.objectKey(),
                    new DownloadSpec(asset.contentType(), asset.filename()), properties.downloadUrlTtl());
            url = original.url();
            urlExpiresAt = original.expiresAt();
            asset.variants().values().forEach(v -> variants.put(v.name(), new AssetView.VariantView(
                    signVariant(asset, v).url(), v.width(), v.height(), v.contentType(), v.size())));
        }
        return new AssetView(asset.id(), asset.filename(), asset.contentType(), asset.size(), asset.checksum(),
                asset.state(), asset.stateReason(), asset.createdAt(), asset.completedAt(), url, urlExpiresAt,
                variants, asset.metadata());
    }

    private SignedRequest signVariant(Asset asset, Variant v) {
        String base = asset.filename().replaceFirst("\\.[^.]*$", "");
        String extension = v.contentType().substring(v.contentType().indexOf('/') + 1);
        return store.signDownload(v.objectKey(),
                new DownloadSpec(v.contentType(), base + "-" + v.name() + "." + extension),
                properties.downloadUrlTtl());
    }

    private void requireDownloadable(Asset asset) {
        if (!asset.state().downloadable(downloadBeforeChecks)) {
            String why = asset.state() == AssetState.AVAILABLE ? " until its checks have passed (READY)" : "";
            throw new ApiException(ErrorCode.ASSET_NOT_DOWNLOADABLE,
                    "The asset is " + asset.state() + " and cannot be downloaded" + why);
        }
    }
}
