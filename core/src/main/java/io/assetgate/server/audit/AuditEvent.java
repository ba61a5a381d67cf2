package io.assetgate.server.audit;

import java.time.Instant;

/**
 * One entry of the audit trail. {@code actor} is the token's issuer and subject
 * ({@code issuer#subject}), or null when the caller was not authenticated.
 *
 * @param reason a short machine-readable reason for failures and denials, never a token
 */
public record AuditEvent(long id, Instant at, String action, String outcome, String actor, String clientId,
        String ip, String userAgent, String assetId, String uploadId, String requestId, String traceId,
        String reason, String detail) {

    /** The actions recorded; the processing and multipart features add theirs through {@link AuditTrail}. */
    public static final String UPLOAD_CREATED = "upload.created";
    public static final String UPLOAD_PARTS_SIGNED = "upload.parts_signed";
    public static final String UPLOAD_COMPLETED = "upload.completed";
    public static final String UPLOAD_INTEGRITY_FAILED = "upload.integrity_failed";
    public static final String UPLOAD_ABORTED = "upload.aborted";
    public static final String UPLOAD_EXPIRED = "upload.expired";
    /** A create answered with the owner's existing asset of the same checksum ("onDuplicate": "reuse"). */
    public static final String UPLOAD_DUPLICATE_REUSED = "upload.duplicate_reused";
    public static final String DOWNLOAD_URL_ISSUED = "asset.download_url_issued";
    public static final String ASSET_DELETED = "asset.deleted";
    public static final String ASSET_QUARANTINED = "asset.quarantined";
    public static final String AUTH_FAILED = "auth.failed";
    public static final String ACCESS_DENIED = "access.denied";
    public static final String QUOTA_EXCEEDED = "quota.exceeded";
    public static final String RATE_LIMITED = "rate.limited";

    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";
    public static final String DENIED = "denied";
}
