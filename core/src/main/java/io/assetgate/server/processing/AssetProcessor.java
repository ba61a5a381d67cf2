package io.assetgate.server.processing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.FileSystemUtils;

import io.assetgate.server.asset.Asset;
import io.assetgate.server.asset.AssetEvents;
import io.assetgate.server.asset.AssetState;
import io.assetgate.server.asset.Assets;
import io.assetgate.server.asset.Variant;
import io.assetgate.server.config.DataDirectory;
import io.assetgate.server.jdbc.Sql;
import io.assetgate.server.processing.image.ImageRenderer;
import io.assetgate.server.processing.notify.AssetEvent;
import io.assetgate.server.processing.notify.EventLog;
import io.assetgate.server.storage.Checksum;
import io.assetgate.server.storage.ObjectKeys;
import io.assetgate.server.storage.ObjectStore;

/**
 * Runs one processing job: copies the original to a private temp dir, lets the
 * {@link ContentInspector} decide, and applies the outcome.
 *
 * <p>A job may run more than once (a crash, a retry, a revived job). Every effect is
 * idempotent: variants are written under deterministic keys ({@link ObjectKeys#variantKey}),
 * so a second run overwrites rather than adds; and the state change, the variant records and
 * the event are committed together, conditional on the asset still being AVAILABLE.
 */
@Component
class AssetProcessor {

    private static final Logger log = LoggerFactory.getLogger(AssetProcessor.class);

    private final Assets assets;
    private final ObjectStore store;
    private final ContentInspector inspector;
    private final ProcessingProperties properties;
    private final EventLog events;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ApplicationEventPublisher publisher;
    /** Where jobs work: under the data dir, asked for each job, so a folder removed meanwhile comes back. */
    private final Supplier<Path> jobsDir;

    AssetProcessor(Assets assets, ObjectStore store, ContentInspector inspector, ProcessingProperties properties,
            EventLog events, TransactionTemplate tx, Clock clock, ApplicationEventPublisher publisher,
            DataDirectory dataDir) {
        this.jobsDir = () -> dataDir.directory("jobs");
        this.assets = assets;
        this.store = store;
        this.inspector = inspector;
        this.properties = properties;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
        this.publisher = publisher;
    }

    /** Processes the asset and names the outcome, for the duration metric ({@link ProcessingMetrics#timed}). */
    String process(String assetId) throws IOException, InterruptedException {
        Asset asset = assets.find(assetId).orElse(null);
        if (asset == null || asset.state() != AssetState.AVAILABLE) {
            return "skipped"; // deleted meanwhile, or an earlier run already finished it
        }
        log.info("Processing asset {}", assetId);
        // Under the data dir, not the system temp folder: a job cut off by a crash or a JVM exit
        // cannot delete its folder, and the leftover then stays with the installation's data.
        Path dir = Files.createTempDirectory(jobsDir.get(), "job-");
        try {
            Path file = dir.resolve("original");
            try (InputStream in = store.open(asset.objectKey())) {
                Files.copy(in, file);
            }
            switch (inspector.inspect(asset, file, dir)) {
                case Outcome.Ready ready -> {
                    ready(asset, ready);
                    return "ready";
                }
                case Outcome.Quarantine q -> {
                    quarantine(asset, q, file);
                    return "quarantined";
                }
                case Outcome.Fail fail -> {
                    log.warn("Asset {} cannot be processed: {}", assetId, fail.reason());
                    tx.executeWithoutResult(s -> {
                        if (fail.metadata() != null) {
                            assets.saveMetadata(asset.id(), fail.metadata());
                        }
                    });
                    giveUp(assetId, fail.reason());
                    return "failed";
                }
                case Outcome.Keep keep -> {
                    tx.executeWithoutResult(s -> {
                        if (keep.metadata() != null) {
                            assets.saveMetadata(asset.id(), keep.metadata());
                        }
                    });
                    return "kept";
                }
            }
        } finally {
            FileSystemUtils.deleteRecursively(dir);
        }
    }

    /** After the last attempt failed: the asset becomes FAILED with the reason, and the queue moves on. */
    void giveUp(String assetId, String reason) {
        String why = "processing failed: " + (reason == null ? "unknown error" : reason);
        tx.executeWithoutResult(s -> assets.find(assetId).ifPresent(asset -> {
            if (assets.transition(assetId, List.of(AssetState.AVAILABLE), AssetState.FAILED, truncate(why),
                    Sql.now(clock))) {
                events.append(AssetEvent.FAILED, assetId, asset.owner(), truncate(why));
            }
        }));
    }

    private void ready(Asset asset, Outcome.Ready ready) throws IOException {
        List<Variant> variants = new ArrayList<>();
        for (ImageRenderer.Rendered r : ready.variants()) {
            String key = ObjectKeys.variantKey(asset.objectKey(), r.name());
            store.put(key, new java.io.ByteArrayInputStream(r.bytes()), r.bytes().length, r.contentType());
            variants.add(new Variant(r.name(), key, r.contentType(), r.width(), r.height(), (long) r.bytes().length));
        }
        Path stripped = ready.strippedOriginal();
        String checksum = stripped == null ? null : replaceOriginal(asset, stripped);
        long strippedSize = stripped == null ? asset.size() : Files.size(stripped);
        Boolean done = tx.execute(s -> {
            if (!assets.transition(asset.id(), List.of(AssetState.AVAILABLE), AssetState.READY, null,
                    Sql.now(clock))) {
                return false;
            }
            variants.forEach(v -> assets.saveVariant(asset.id(), v));
            assets.saveMetadata(asset.id(), ready.metadata());
            if (checksum != null) {
                assets.replaceOriginal(asset.id(), strippedSize, checksum);
                publisher.publishEvent(new AssetEvents.OriginalShrunk(asset.id(), asset.owner(),
                        asset.size() - strippedSize));
            }
            events.append(AssetEvent.READY, asset.id(), asset.owner(), null);
            return true;
        });
        if (!Boolean.TRUE.equals(done) && assets.find(asset.id()).isEmpty()) {
            // Deleted while we worked: leave nothing behind, the rewritten original included.
            variants.forEach(v -> store.delete(v.objectKey()));
            if (checksum != null) {
                store.delete(asset.objectKey());
            }
        }
    }

    /**
     * Writes the stripped original over the original; answers its new checksum. Digested before,
     * not on the way: the store gets the file, which it can send again if an attempt fails.
     */
    private String replaceOriginal(Asset asset, Path stripped) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(stripped), sha256)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        store.putFile(asset.objectKey(), stripped, asset.contentType());
        return new Checksum("sha256", Base64.getEncoder().encodeToString(sha256.digest())).toString();
    }

    private void quarantine(Asset asset, Outcome.Quarantine q, Path file) throws IOException {
        log.warn("Quarantining asset {}: {}", asset.id(), q.reason());
        boolean move = properties.quarantine().equals("move");
        String quarantinedKey = ObjectKeys.quarantineKey(asset.objectKey());
        if (move) {
            // Copy first, switch the record, delete last: the record never points at a missing object.
            store.putFile(quarantinedKey, file, "application/octet-stream");
        }
        String reason = truncate(q.reason());
        Boolean done = tx.execute(s -> {
            if (!assets.transition(asset.id(), List.of(AssetState.AVAILABLE), AssetState.QUARANTINED, reason,
                    Sql.now(clock))) {
                return false;
            }
            if (move) {
                assets.moveObject(asset.id(), quarantinedKey);
            }
            if (q.metadata() != null) {
                assets.saveMetadata(asset.id(), q.metadata());
            }
            events.append(AssetEvent.QUARANTINED, asset.id(), asset.owner(), reason);
            // Audited by the asset module once this commits.
            publisher.publishEvent(new AssetEvents.AssetQuarantined(asset.id(), asset.uploadId(), reason));
            return true;
        });
        if (Boolean.TRUE.equals(done)) {
            store.delete(asset.objectKey());
        } else if (move) {
            store.delete(quarantinedKey);
        }
    }

    private static String truncate(String reason) {
        return reason.length() > 1000 ? reason.substring(0, 1000) : reason;
    }
}
