package io.assetgate.server.upload;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.assetgate.server.storage.DeferredDeletions;
import io.assetgate.server.storage.ObjectKeys;
import io.assetgate.server.storage.ObjectStore;
import io.assetgate.server.storage.StoreInventory;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

/**
 * Makes sure nothing is lost and nothing is left behind:
 * <ol>
 * <li>a pending upload past its expiry whose bytes are all stored (the client died after
 *     the PUT) is verified and completed, or failed when it does not match its declaration;</li>
 * <li>a pending upload past its expiry plus the grace period is expired: its multipart upload
 *     is aborted, its partial object deleted, and the record keeps the reason;</li>
 * <li>a deletion that a deployment without delete permission recorded ({@link DeferredDeletions}:
 *     the serverless functions other than the delete function and this one) is made once no
 *     record wants the object ({@link UploadRepository#isObjectInUse});</li>
 * <li>a stored object or multipart upload that no record wants (a crash between writing and
 *     recording; or a PUT through a still-valid link after the upload was aborted, failed or
 *     expired, which a presigned S3 URL cannot prevent) is deleted once it is older than the
 *     orphan grace period.</li>
 * </ol>
 * Every state change goes through {@link UploadService}'s conditional transitions, so a run
 * racing a client's own complete or abort is harmless; ShedLock keeps runs on one instance.
 */
@Component
class UploadReconciler {

    private static final Logger log = LoggerFactory.getLogger(UploadReconciler.class);

    private final UploadRepository uploads;
    private final UploadService service;
    private final UploadVerifier verifier;
    private final MultipartUploads multipart;
    private final ObjectStore store;
    private final StoreInventory inventory;
    private final DeferredDeletions deferred;
    private final ReconcilerProperties properties;
    private final Clock clock;

    UploadReconciler(UploadRepository uploads, UploadService service, UploadVerifier verifier,
            MultipartUploads multipart, ObjectStore store, StoreInventory inventory, DeferredDeletions deferred,
            ReconcilerProperties properties, Clock clock) {
        this.uploads = uploads;
        this.service = service;
        this.verifier = verifier;
        this.multipart = multipart;
        this.store = store;
        this.inventory = inventory;
        this.deferred = deferred;
        this.properties = properties;
        this.clock = clock;
    }

    /** What one run did. */
    public record Report(int completed, int failed, int expired, int orphansDeleted, int multipartsAborted,
            int deferredDeleted) {
    }

    /** The periodic run: at most one instance at a time, through the database lock. */
    @Scheduled(fixedDelayString = "${assetgate.reconciler.interval:1m}",
            initialDelayString = "${assetgate.reconciler.interval:1m}")
    @SchedulerLock(name = "upload-reconciler", lockAtMostFor = "PT15M", lockAtLeastFor = "PT1S")
    public void scheduledRun() {
        reconcile();
    }

    /** One pass over the cases above. */
    public Report reconcile() {
        Instant now = clock.instant();
        int completed = 0;
        int failed = 0;
        int expired = 0;
        for (Upload upload : uploads.findPendingExpiredBefore(now, properties.batchSize())) {
            try {
                switch (settle(upload, now)) {
                    case COMPLETED -> completed++;
                    case FAILED -> failed++;
                    case EXPIRED -> expired++;
                    default -> {
                        // within the grace period: looked at again next run
                    }
                }
            } catch (RuntimeException e) {
                log.warn("Reconciler could not settle upload {}: {}", upload.id(), e.getMessage());
            }
        }
        int deferredDeleted = makeDeferredDeletions(now.minus(properties.orphanGrace()));
        int[] orphans = removeOrphans(now.minus(properties.orphanGrace()));
        Report report = new Report(completed, failed, expired, orphans[0], orphans[1], deferredDeleted);
        if (completed + failed + expired + orphans[0] + orphans[1] + deferredDeleted > 0) {
            log.info("Reconciler: {}", report);
        }
        return report;
    }

    private UploadState settle(Upload upload, Instant now) {
        boolean assembled = upload.mode() == UploadMode.SINGLE || multipart.assembleStored(upload);
        UploadVerifier.Result result = assembled ? verifier.verify(upload) : new UploadVerifier.Result(false, null);
        if (result.ok()) {
            service.markCompleted(upload);
            return UploadState.COMPLETED;
        }
        if (result.stored()) {
            service.fail(upload, result.mismatch());
            return UploadState.FAILED;
        }
        if (upload.expiresAt().plus(properties.grace()).isBefore(now)) {
            service.expire(upload, "expired: the upload was not completed by " + upload.expiresAt());
            return UploadState.EXPIRED;
        }
        return UploadState.PENDING;
    }

    /**
     * Makes the deletions recorded by deployments that may not delete, each once no record wants
     * its object (a variant goes with its original). One that a record still wants is looked at
     * again next run, and dropped once it is older than {@code giveUpBefore}: that record won (a
     * fail racing a complete that succeeded, say). A deletion that fails stays for the next run.
     */
    private int makeDeferredDeletions(Instant giveUpBefore) {
        if (deferred.deferring()) {
            return 0; // this deployment may not delete either: its deletes would only be recorded again
        }
        int made = 0;
        for (DeferredDeletions.Deletion deletion : deferred.due(properties.batchSize())) {
            String key = deletion.objectKey();
            try {
                boolean wanted = deletion.isMultipart() ? uploads.isPendingMultipart(key, deletion.multipartId())
                        : uploads.isObjectInUse(ObjectKeys.originalOf(key));
                if (!wanted) {
                    if (deletion.isMultipart()) {
                        multipart.abortOrphan(key, deletion.multipartId());
                    } else {
                        store.delete(key);
                    }
                    made++;
                }
                if (!wanted || deletion.requestedAt().isBefore(giveUpBefore)) {
                    deferred.forget(deletion);
                }
            } catch (RuntimeException e) {
                log.warn("Reconciler could not make the deferred deletion of {}: {}", key, e.getMessage());
            }
        }
        return made;
    }

    /** Deletes unrecorded objects and aborts unrecorded multipart uploads older than {@code cutoff}. */
    private int[] removeOrphans(Instant cutoff) {
        List<String> objects = new ArrayList<>();
        inventory.forEachObject(ObjectKeys.ORIGINALS, o -> {
            if (o.lastModified().isBefore(cutoff)) {
                objects.add(o.key());
            }
        });
        int deleted = 0;
        for (String key : objects) {
            // Variants live beside their original as <original>~<name>: the original's record covers them.
            if (!uploads.isObjectWanted(ObjectKeys.originalOf(key))) {
                store.delete(key);
                deleted++;
            }
        }
        List<StoreInventory.OpenMultipart> open = new ArrayList<>();
        inventory.forEachMultipart(ObjectKeys.ORIGINALS, m -> {
            if (m.initiated().isBefore(cutoff)) {
                open.add(m);
            }
        });
        int aborted = 0;
        for (StoreInventory.OpenMultipart m : open) {
            if (!uploads.isPendingMultipart(m.key(), m.uploadId())) {
                multipart.abortOrphan(m.key(), m.uploadId());
                aborted++;
            }
        }
        return new int[] {deleted, aborted};
    }
}
