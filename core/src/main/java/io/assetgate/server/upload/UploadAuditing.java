package io.assetgate.server.upload;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import io.assetgate.server.audit.AuditEvent;
import io.assetgate.server.audit.AuditTrail;
import io.assetgate.server.audit.AuditTrail.Entry;

/** Writes the audit trail of uploads, after the state change is committed. */
@Component
class UploadAuditing {

    private final AuditTrail audit;

    UploadAuditing(AuditTrail audit) {
        this.audit = audit;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void created(UploadEvents.UploadCreated e) {
        audit.record(of(AuditEvent.UPLOAD_CREATED, AuditEvent.SUCCESS, e.upload())
                .detail(e.upload().contentType() + " " + e.upload().size() + " bytes, key " + e.upload().objectKey()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void partsSigned(UploadEvents.PartsSigned e) {
        audit.record(of(AuditEvent.UPLOAD_PARTS_SIGNED, AuditEvent.SUCCESS, e.upload())
                .detail("parts " + e.partNumbers()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void completed(UploadEvents.UploadCompleted e) {
        audit.record(of(AuditEvent.UPLOAD_COMPLETED, AuditEvent.SUCCESS, e.upload()).bytes(e.upload().size()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void failed(UploadEvents.UploadFailed e) {
        audit.record(of(AuditEvent.UPLOAD_INTEGRITY_FAILED, AuditEvent.FAILURE, e.upload()).reason("integrity")
                .detail(e.reason()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void aborted(UploadEvents.UploadAborted e) {
        audit.record(of(AuditEvent.UPLOAD_ABORTED, AuditEvent.SUCCESS, e.upload()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void expired(UploadEvents.UploadExpired e) {
        audit.record(of(AuditEvent.UPLOAD_EXPIRED, AuditEvent.FAILURE, e.upload()).reason("expired")
                .detail(e.reason()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void duplicateReused(UploadEvents.DuplicateReused e) {
        audit.record(Entry.of(AuditEvent.UPLOAD_DUPLICATE_REUSED, AuditEvent.SUCCESS).asset(e.assetId())
                .detail(e.checksum()));
    }

    private static Entry of(String action, String outcome, Upload upload) {
        return Entry.of(action, outcome).asset(upload.assetId()).upload(upload.id());
    }
}
