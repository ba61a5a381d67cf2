package io.assetgate.server.upload;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * An object arrived in the bucket (S3 {@code ObjectCreated}): its pending SINGLE upload is
 * verified against its declaration at once, as the client's complete or the reconciler would,
 * and completed (its asset AVAILABLE, its processing job enqueued in the same transaction) or
 * failed. Every transition goes through {@link UploadService}'s conditional transitions, so an
 * event racing the client's own complete is harmless, and a repeated event does nothing.
 *
 * <p>Only uploads that declared a checksum are settled here: their bytes are bound by the signed
 * URL and checked in full. An upload without one waits for the client's complete, which may bring
 * the checksum computed while sending, or for the reconciler after its deadline, as on the server.
 * A MULTIPART object appears only when the client's complete assembles it, so it is never pending here.
 */
@Component
public class ObjectArrivals {

    private static final Logger log = LoggerFactory.getLogger(ObjectArrivals.class);

    /** What became of an object that arrived. */
    public enum Outcome { COMPLETED, FAILED, NOT_STORED, LEFT_FOR_COMPLETE, NO_PENDING_UPLOAD }

    private final JdbcClient jdbc;
    private final UploadVerifier verifier;
    private final UploadService service;

    ObjectArrivals(JdbcClient jdbc, UploadVerifier verifier, UploadService service) {
        this.jdbc = jdbc;
        this.verifier = verifier;
        this.service = service;
    }

    /** Settles the pending upload of {@code objectKey}; names what happened, with the asset id when there is one. */
    public Settled arrived(String objectKey) {
        Optional<Upload> pending = jdbc.sql("select * from uploads where object_key = ? and state = 'PENDING'")
                .param(objectKey).query(UploadRepository::map).optional();
        if (pending.isEmpty()) {
            return new Settled(Outcome.NO_PENDING_UPLOAD, null);
        }
        Upload upload = pending.get();
        if (upload.mode() != UploadMode.SINGLE || upload.checksum() == null) {
            return new Settled(Outcome.LEFT_FOR_COMPLETE, upload.assetId());
        }
        UploadVerifier.Result result = verifier.verify(upload);
        if (result.ok()) {
            service.markCompleted(upload);
            return new Settled(Outcome.COMPLETED, upload.assetId());
        }
        if (result.stored()) {
            log.info("Upload {} failed verification on arrival: {}", upload.id(), result.mismatch());
            service.fail(upload, result.mismatch());
            return new Settled(Outcome.FAILED, upload.assetId());
        }
        return new Settled(Outcome.NOT_STORED, upload.assetId());
    }

    /** The outcome, and the asset of the upload (null when there was no pending upload). */
    public record Settled(Outcome outcome, String assetId) {
    }
}
