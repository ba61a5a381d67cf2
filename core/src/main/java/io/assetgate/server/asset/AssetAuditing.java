package io.assetgate.server.asset;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import io.assetgate.server.audit.AuditEvent;
import io.assetgate.server.audit.AuditTrail.Entry;
import io.assetgate.server.audit.AuditTrail;

/** Writes the audit trail of assets, after the change is committed. */
@Component
class AssetAuditing {

    private final AuditTrail audit;

    AssetAuditing(AuditTrail audit) {
        this.audit = audit;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void deleted(AssetEvents.AssetDeleted e) {
        audit.record(Entry.of(AuditEvent.ASSET_DELETED, AuditEvent.SUCCESS).asset(e.assetId()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void quarantined(AssetEvents.AssetQuarantined e) {
        audit.record(Entry.of(AuditEvent.ASSET_QUARANTINED, AuditEvent.FAILURE).asset(e.assetId())
                .upload(e.uploadId()).reason("content check").detail(e.reason()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void downloadIssued(AssetEvents.DownloadIssued e) {
        audit.record(Entry.of(AuditEvent.DOWNLOAD_URL_ISSUED, AuditEvent.SUCCESS).asset(e.assetId())
                .detail(e.variant() == null ? "original" : "variant " + e.variant()));
    }
}
