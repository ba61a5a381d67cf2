package io.assetgate.server.upload;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.assetgate.server.asset.Asset;
import io.assetgate.server.asset.AssetEvents;
import io.assetgate.server.asset.AssetService;
import io.assetgate.server.asset.AssetState;
import io.assetgate.server.asset.AssetView;
import io.assetgate.server.asset.Assets;
import io.assetgate.server.ids.Ids;
import io.assetgate.server.jdbc.Sql;
import io.assetgate.server.security.Caller;
import io.assetgate.server.security.Owner;
import io.assetgate.server.storage.Checksum;
import io.assetgate.server.storage.ObjectStore;
import io.assetgate.server.storage.SignedRequest;
import io.assetgate.server.storage.UploadSpec;
import io.assetgate.server.upload.UploadPolicy.Declaration;
import io.assetgate.server.web.ApiException;
import io.assetgate.server.web.ErrorCode;

/**
 * The one owner of an upload's state machine: PENDING, then COMPLETED, FAILED, ABORTED or
 * EXPIRED. A record is always committed before any URL for it is signed, so no URL ever
 * exists without a record; and every transition is a conditional update, so racing calls
 * (two completes, complete against abort) have exactly one winner.
 */
@Service
class UploadService {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(UploadService.class);

    private final UploadPolicy policy;
    private final UploadRepository uploads;
    private final Assets assets;
    private final AssetService assetService;
    private final ObjectStore store;
    private final UploadVerifier verifier;
    private final MultipartUploads multipart;
    private final UploadProperties properties;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public UploadService(UploadPolicy policy, UploadRepository uploads, Assets assets,
            AssetService assetService, ObjectStore store, UploadVerifier verifier, MultipartUploads multipart,
            UploadProperties properties, TransactionTemplate tx, ApplicationEventPublisher events, Clock clock) {
        this.policy = policy;
        this.uploads = uploads;
        this.assets = assets;
        this.assetService = assetService;
        this.store = store;
        this.verifier = verifier;
        this.multipart = multipart;
        this.properties = properties;
        this.tx = tx;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Records a new upload and signs where to send it. With an idempotency key, the same
     * key and body return the same upload; another body is an IDEMPOTENCY_CONFLICT. With
     * {@code "onDuplicate": "reuse"} and a checksum the caller already has as a verified asset,
     * answers that asset in {@link UploadMode#EXISTING} instead: nothing is recorded, signed or
     * reserved.
     */
    public UploadView create(Caller caller, CreateUploadRequest request, String idempotencyKey) {
        Declaration declaration = policy.check(request);
        String requestHash = idempotencyKey == null ? null : hash(declaration);
        if (idempotencyKey != null) {
            var existing = uploads.findByIdempotencyKey(caller.owner(), idempotencyKey);
            if (existing.isPresent()) {
                return replay(existing.get(), requestHash);
            }
        }
        if (declaration.reuseDuplicate() && declaration.checksum() != null) {
            var duplicate = assets.findVerifiedByChecksum(caller.owner(), declaration.checksum().toString());
            if (duplicate.isPresent()) {
                events.publishEvent(new UploadEvents.DuplicateReused(duplicate.get(), declaration.checksum().toString()));
                return UploadView.existing(assetService.find(caller, duplicate.get()));
            }
        }
        Upload upload = newUpload(caller.owner(), declaration, idempotencyKey, requestHash);
        try {
            tx.executeWithoutResult(status -> {
                uploads.insert(upload);
                assets.createPending(pendingAsset(upload));
                // Last, so the owner's usage row stays locked only until the commit just after:
                // concurrent creates of one owner queue on that lock, not on the inserts.
                policy.reserve(caller.owner(), declaration);
                events.publishEvent(new UploadEvents.UploadCreated(upload));
            });
        } catch (DuplicateKeyException e) {
            // A concurrent request with the same key won the insert: answer as it did.
            return replay(uploads.findByIdempotencyKey(caller.owner(), idempotencyKey).orElseThrow(), requestHash);
        }
        return view(upload.mode() == UploadMode.MULTIPART ? multipart.ensureStarted(upload) : upload, false);
    }

    /** The upload, with fresh URLs while it is pending. */
    public UploadView get(Caller caller, String id) {
        return view(find(caller.owner(), id), true);
    }

    /** Signs parts of a pending MULTIPART upload; callable again at any time for fresh URLs. */
    public List<MultipartUploads.PartTarget> signParts(Caller caller, String id, List<Integer> partNumbers) {
        Upload upload = find(caller.owner(), id);
        requirePending(upload);
        if (upload.mode() != UploadMode.MULTIPART) {
            throw ApiException.validation("uploadId", "is a SINGLE upload: PUT to its target instead");
        }
        if (upload.isExpired(clock.instant())) {
            throw expireNow(upload);
        }
        List<MultipartUploads.PartTarget> signed = multipart.sign(upload, partNumbers);
        events.publishEvent(new UploadEvents.PartsSigned(upload, partNumbers));
        return signed;
    }

    /**
     * Verifies the stored object and makes the asset AVAILABLE. Completing a completed upload
     * answers the same asset.
     */
    public AssetView complete(Caller caller, String id) {
        return complete(caller, id, null, null);
    }

    /**
     * Completes; a MULTIPART upload names its parts and ETags, which are checked against the
     * stored parts before the store assembles them. The assembled object is then verified
     * like a single PUT.
     *
     * <p>A client may compute checksums while it sends rather than before: {@code checksum}
     * (of the whole file, for an upload declared without one) and the parts' checksums are
     * then checked here, from the store's own digests when it has them, else by reading the
     * object back. A checksum that verified is recorded on the asset.
     */
    public AssetView complete(Caller caller, String id, List<MultipartUploads.PartRef> parts, String checksum) {
        ClaimedChecksums claims = ClaimedChecksums.parse(checksum, parts);
        Checksum claimed = claims.whole();
        Map<Integer, Checksum> partChecksums = new HashMap<>(claims.parts());
        Upload upload = find(caller.owner(), id);
        switch (upload.state()) {
            case COMPLETED -> {
                return assetService.view(assetService.find(caller, upload.assetId()));
            }
            case EXPIRED -> throw expired();
            case FAILED, ABORTED -> throw notPending(upload);
            case PENDING -> {
                // verified below
            }
        }
        if (claimed != null && upload.checksum() != null && !claimed.equals(upload.checksum())) {
            failNow(upload, "the checksum at complete differs from the declared one");
        }
        Checksum expected = upload.checksum() != null ? upload.checksum() : claimed;
        if (upload.mode() == UploadMode.MULTIPART) {
            try {
                String partMismatch = multipart.assemble(upload, parts, partChecksums);
                if (partMismatch != null) {
                    multipart.discard(upload);
                    failNow(upload, partMismatch);
                }
            } catch (ApiException e) {
                // Past the deadline, only a complete set of stored parts still counts (as for the reconciler).
                if (upload.isExpired(clock.instant())) {
                    throw expireNow(upload);
                }
                throw e;
            }
        }
        UploadVerifier.Result result = verifier.verify(upload, expected, partChecksums);
        if (!result.stored()) {
            if (upload.isExpired(clock.instant())) {
                throw expireNow(upload);
            }
            throw new ApiException(ErrorCode.UPLOAD_INCOMPLETE, "No object has been stored for this upload yet");
        }
        if (!result.ok()) {
            failNow(upload, result.mismatch());
        }
        markCompleted(upload, expected);
        return assetService.view(assetService.find(caller, upload.assetId()));
    }

    private void failNow(Upload upload, String mismatch) {
        fail(upload, mismatch);
        throw new ApiException(ErrorCode.INTEGRITY_MISMATCH, "Integrity check failed: " + mismatch);
    }

    /**
     * The proxied path: streams the body to storage, then completes. The body must have
     * exactly the declared length.
     */
    public AssetView putContent(Caller caller, String id, InputStream body, long contentLength) {
        Upload upload = find(caller.owner(), id);
        if (upload.state() == UploadState.COMPLETED) {
            return complete(caller, id);
        }
        requirePending(upload);
        if (upload.isExpired(clock.instant())) {
            throw expireNow(upload);
        }
        if (contentLength < 0) {
            throw ApiException.validation("Content-Length", "is required");
        }
        if (contentLength != upload.size()) {
            throw new ApiException(ErrorCode.INTEGRITY_MISMATCH,
                    "Content-Length " + contentLength + " differs from the declared size " + upload.size());
        }
        ClientBody client = new ClientBody(body);
        try {
            store.put(upload.objectKey(), client, contentLength, upload.contentType());
        } catch (RuntimeException e) {
            // The client stopped sending: its fault, not the store's. Nothing was stored, and
            // the upload stays pending for another PUT.
            ApiException fault = client.clientFault(contentLength);
            if (fault == null) {
                throw e;
            }
            log.info("Upload {}: the proxied body stopped arriving after {} bytes; left pending", upload.id(),
                    client.received());
            throw fault;
        }
        multipart.discard(upload);
        return complete(caller, id);
    }

    /** Aborts a pending upload and frees what it holds. Aborting twice succeeds. */
    public void abort(Caller caller, String id) {
        Upload upload = find(caller.owner(), id);
        if (upload.state() == UploadState.ABORTED) {
            return;
        }
        requirePending(upload);
        Instant now = Sql.now(clock);
        Boolean won = tx.execute(status -> {
            if (!uploads.transition(upload.id(), UploadState.ABORTED, "aborted by its owner", now)) {
                return false;
            }
            assets.discard(upload.assetId());
            events.publishEvent(new UploadEvents.UploadAborted(upload));
            return true;
        });
        if (!Boolean.TRUE.equals(won)) {
            abort(caller, id);
            return;
        }
        multipart.discard(upload);
        store.delete(upload.objectKey());
    }

    /** Marks a pending upload EXPIRED and removes what was stored. Used by complete and the reconciler. */
    public void expire(Upload upload, String reason) {
        Instant now = Sql.now(clock);
        tx.executeWithoutResult(status -> {
            if (uploads.transition(upload.id(), UploadState.EXPIRED, reason, now)) {
                assets.discard(upload.assetId());
                events.publishEvent(new UploadEvents.UploadExpired(upload, reason));
            }
        });
        multipart.discard(upload);
        store.delete(upload.objectKey());
    }

    /** Completes a verified upload: the asset becomes AVAILABLE in the same transaction. */
    public void markCompleted(Upload upload) {
        markCompleted(upload, upload.checksum());
    }

    /** As {@link #markCompleted(Upload)}, recording {@code verified} when the declaration had no checksum. */
    public void markCompleted(Upload upload, Checksum verified) {
        Instant now = Sql.now(clock);
        tx.executeWithoutResult(status -> {
            if (uploads.transition(upload.id(), UploadState.COMPLETED, null, now)) {
                if (upload.checksum() == null && verified != null) {
                    uploads.setChecksum(upload.id(), verified);
                    assets.recordChecksum(upload.assetId(), verified.toString());
                }
                assets.transition(upload.assetId(), List.of(AssetState.PENDING), AssetState.AVAILABLE, null, now);
                events.publishEvent(new AssetEvents.AssetCompleted(upload.assetId(), upload.owner()));
                events.publishEvent(new UploadEvents.UploadCompleted(upload));
            }
        });
    }

    /** Fails an upload whose object does not match its declaration, and deletes the object. */
    public void fail(Upload upload, String reason) {
        store.delete(upload.objectKey());
        Instant now = Sql.now(clock);
        tx.executeWithoutResult(status -> {
            if (uploads.transition(upload.id(), UploadState.FAILED, reason, now)) {
                assets.transition(upload.assetId(), List.of(AssetState.PENDING), AssetState.FAILED, reason, now);
                events.publishEvent(new UploadEvents.UploadFailed(upload, reason));
            }
        });
    }

    private UploadView replay(Upload existing, String requestHash) {
        if (!existing.requestHash().equals(requestHash)) {
            throw new ApiException(ErrorCode.IDEMPOTENCY_CONFLICT,
                    "This Idempotency-Key was used with a different request body");
        }
        return view(existing, false);
    }

    /** The upload as the API shows it; {@code withParts} lists a MULTIPART upload's stored parts. */
    private UploadView view(Upload upload, boolean withParts) {
        SignedRequest target = null;
        boolean open = upload.state() == UploadState.PENDING && !upload.isExpired(clock.instant());
        if (open && upload.mode() == UploadMode.SINGLE) {
            target = signSingle(upload);
        }
        List<UploadView.StoredPart> parts = null;
        if (withParts && open && upload.mode() == UploadMode.MULTIPART) {
            parts = multipart.stored(upload).stream()
                    .map(p -> new UploadView.StoredPart(p.partNumber(), p.etag(), p.size())).toList();
        }
        return UploadView.of(upload, target, parts, open ? store.arrivalDigestAlgorithm() : null);
    }

    /** Signs the single PUT; the link never outlives the upload itself. */
    private SignedRequest signSingle(Upload upload) {
        java.time.Duration ttl = java.time.Duration.between(clock.instant(), upload.expiresAt());
        return store.signUpload(upload.objectKey(),
                new UploadSpec(upload.contentType(), upload.size(), upload.checksum()), ttl);
    }

    private Upload newUpload(Owner owner, Declaration d, String idempotencyKey, String requestHash) {
        Instant now = Sql.now(clock);
        UploadMode mode = d.size() < properties.multipartThreshold().toBytes() ? UploadMode.SINGLE : UploadMode.MULTIPART;
        Long partSize = null;
        Integer partCount = null;
        Instant deadline = now.plus(properties.urlTtl());
        if (mode == UploadMode.MULTIPART) {
            MultipartUploads.Plan plan = MultipartUploads.plan(d.size(), properties.partSize().toBytes());
            partSize = plan.partSize();
            partCount = plan.partCount();
            // Parts take longer than one URL's lifetime: the upload gets its own, longer deadline.
            deadline = now.plus(properties.multipartTtl());
        }
        return new Upload(Ids.newId(), Ids.newId(), owner, idempotencyKey, requestHash, d.filename(), d.contentType(),
                d.size(), d.checksum(), policy.newObjectKey(), mode, UploadState.PENDING, null, null, partSize, partCount,
                now, deadline, null);
    }

    private static Asset pendingAsset(Upload u) {
        return new Asset(u.assetId(), u.id(), u.owner(), u.filename(), u.contentType(), u.size(),
                u.checksum() == null ? null : u.checksum().toString(), u.objectKey(), AssetState.PENDING, null,
                u.createdAt(), null, Map.of());
    }

    private Upload find(Owner owner, String id) {
        return uploads.find(id, owner).orElseThrow(() -> ApiException.notFound("Upload"));
    }

    private static void requirePending(Upload upload) {
        if (upload.state() == UploadState.EXPIRED) {
            throw expired();
        }
        if (upload.state() != UploadState.PENDING) {
            throw notPending(upload);
        }
    }

    /** Expires an upload found past its deadline, and answers the error to throw. */
    private ApiException expireNow(Upload upload) {
        expire(upload, "the upload was not completed before it expired");
        return expired();
    }

    private static ApiException expired() {
        return new ApiException(ErrorCode.UPLOAD_EXPIRED, "The upload expired before it was completed");
    }

    private static ApiException notPending(Upload upload) {
        String reason = upload.stateReason() == null ? "" : ": " + upload.stateReason();
        return new ApiException(ErrorCode.UPLOAD_NOT_PENDING, "The upload is " + upload.state() + reason);
    }

    private static String hash(Declaration d) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String canonical = d.filename() + "\n" + d.contentType() + "\n" + d.size() + "\n" + d.checksum()
                    // Only when set, so keys recorded before the field existed still replay.
                    + (d.reuseDuplicate() ? "\nreuse" : "");
            return HexFormat.of().formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
