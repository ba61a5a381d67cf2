package io.assetgate.server.storage;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The store of a deployment that may not delete ({@code assetgate.storage.deletes=deferred}): every
 * operation goes to the configured store, except {@link #delete} and {@link #abortMultipart}, which
 * record the deletion in {@link DeferredDeletions} for the reconciler. Callers need not know: they
 * delete only what no record lets anyone read any more (no link to it is signed again), and keys
 * are never reused, so an object that stays until the reconciler runs is read by nobody.
 *
 * <p>Rather than deleting and recording only when refused: a function whose role may not delete
 * would then pay a refused request (and an AccessDenied in the audit trail) for every failed
 * upload, and each caller would need a fallback for it.
 */
final class DeferringStore implements ObjectStore, MultipartStore, StoreInventory {

    private final ObjectStore objects;
    private final MultipartStore multipart;
    private final StoreInventory inventory;
    private final DeferredDeletions deletions;
    private final boolean deferring;

    /**
     * {@code deferring} false passes deletes through: a build wired ahead of time (the serverless
     * functions, Spring AOT) has this store in every function's context, and each function's own
     * {@code assetgate.storage.deletes}, read when it starts, says whether it may delete.
     */
    DeferringStore(ObjectStore store, DeferredDeletions deletions, boolean deferring) {
        if (!(store instanceof MultipartStore m) || !(store instanceof StoreInventory i)) {
            throw new IllegalStateException("assetgate.storage.deletes=deferred needs a store with multipart"
                    + " uploads and listing; " + store.getClass().getSimpleName() + " has not");
        }
        this.objects = store;
        this.multipart = m;
        this.inventory = i;
        this.deletions = deletions;
        this.deferring = deferring;
    }

    /** Recorded, not made: this deployment's credentials may not delete. */
    @Override
    public void delete(String key) {
        if (!deferring) {
            objects.delete(key);
            return;
        }
        deletions.record(key, null);
    }

    /** Recorded, not made: this deployment's credentials may not abort multipart uploads. */
    @Override
    public void abortMultipart(String key, String uploadId) {
        if (!deferring) {
            multipart.abortMultipart(key, uploadId);
            return;
        }
        deletions.record(key, uploadId);
    }

    @Override
    public SignedRequest signUpload(String key, UploadSpec spec, Duration ttl) {
        return objects.signUpload(key, spec, ttl);
    }

    @Override
    public SignedRequest signDownload(String key, DownloadSpec download, Duration ttl) {
        return objects.signDownload(key, download, ttl);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        return objects.stat(key);
    }

    @Override
    public InputStream open(String key) {
        return objects.open(key);
    }

    @Override
    public byte[] readHead(String key, int length) {
        return objects.readHead(key, length);
    }

    @Override
    public ObjectInfo put(String key, InputStream content, long length, String contentType) {
        return objects.put(key, content, length, contentType);
    }

    @Override
    public ObjectInfo putFile(String key, Path file, String contentType) {
        return objects.putFile(key, file, contentType);
    }

    @Override
    public String arrivalDigestAlgorithm() {
        return objects.arrivalDigestAlgorithm();
    }

    @Override
    public String startMultipart(String key, String contentType, long partSize) {
        return multipart.startMultipart(key, contentType, partSize);
    }

    @Override
    public SignedRequest signPart(String key, String uploadId, int partNumber, long length, Duration ttl) {
        return multipart.signPart(key, uploadId, partNumber, length, ttl);
    }

    @Override
    public List<StoredPart> listParts(String key, String uploadId) {
        return multipart.listParts(key, uploadId);
    }

    @Override
    public ObjectInfo completeMultipart(String key, String uploadId, List<PartTag> parts) {
        return multipart.completeMultipart(key, uploadId, parts);
    }

    @Override
    public void forEachObject(String prefix, Consumer<StoredObject> each) {
        inventory.forEachObject(prefix, each);
    }

    @Override
    public void forEachMultipart(String prefix, Consumer<OpenMultipart> each) {
        inventory.forEachMultipart(prefix, each);
    }
}
