package io.assetgate.server.upload;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import io.assetgate.server.audit.AuditEvent;
import io.assetgate.server.audit.AuditTrail;
import io.assetgate.server.limits.Limits;
import io.assetgate.server.limits.UsageLedger;
import io.assetgate.server.security.Owner;
import io.assetgate.server.security.Tenants;
import io.assetgate.server.storage.Checksum;
import io.assetgate.server.storage.ObjectKeys;
import io.assetgate.server.web.ApiException;
import io.assetgate.server.web.ErrorCode;

/**
 * The one place that decides whether a declared upload is allowed: type, size, then quota.
 * It runs before anything is signed, so a refused declaration leaves nothing behind.
 */
@Component
class UploadPolicy {

    private final UploadProperties properties;
    private final Limits limits;
    private final UsageLedger ledger;
    private final Tenants tenants;
    private final AuditTrail audit;

    public UploadPolicy(UploadProperties properties, Limits limits, UsageLedger ledger, Tenants tenants,
            AuditTrail audit) {
        this.properties = properties;
        this.limits = limits;
        this.ledger = ledger;
        this.tenants = tenants;
        this.audit = audit;
    }

    /**
     * Reserves the declared bytes and one asset against the caller's quota. MUST be called in
     * the transaction that inserts the upload: the reservation and the record commit or roll
     * back together, and the ledger row lock serializes concurrent creates of one owner.
     */
    public void reserve(Owner owner, Declaration declaration) {
        Limits.Effective quota = limits.current();
        if (!ledger.reserve(owner, declaration.size(), quota.quotaBytes(), quota.quotaAssets())) {
            audit.record(AuditTrail.Entry.of(AuditEvent.QUOTA_EXCEEDED, AuditEvent.DENIED).reason("quota")
                    .detail(declaration.size() + " bytes declared"));
            throw new ApiException(ErrorCode.QUOTA_EXCEEDED,
                    "This upload would exceed your storage quota (bytes or number of assets)");
        }
    }

    /** A fresh object key for the caller: random, under the caller's tenant when tenants are isolated. */
    public String newObjectKey() {
        return tenants.keyPrefix() + ObjectKeys.newOriginalKey();
    }

    /** Checks the declaration and returns it in normal form, or throws the API's error (docs/api.md). */
    public Declaration check(CreateUploadRequest request) {
        List<ApiException.FieldError> errors = new ArrayList<>();
        String filename = null;
        try {
            filename = FileNames.sanitize(request.filename());
        } catch (IllegalArgumentException e) {
            errors.add(new ApiException.FieldError("filename", e.getMessage()));
        }
        Checksum checksum = null;
        if (request.checksum() != null) {
            try {
                checksum = Checksum.parse(request.checksum());
            } catch (IllegalArgumentException e) {
                errors.add(new ApiException.FieldError("checksum", e.getMessage()));
            }
        }
        String contentType = normalType(request.contentType());
        if (contentType == null) {
            errors.add(new ApiException.FieldError("contentType", "is not a media type"));
        }
        boolean reuse = "reuse".equals(request.onDuplicate());
        if (request.onDuplicate() != null && !reuse && !"upload".equals(request.onDuplicate())) {
            errors.add(new ApiException.FieldError("onDuplicate", "must be \"reuse\" or \"upload\""));
        }
        if (!errors.isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "The upload declaration is invalid", null, errors);
        }
        if (!properties.allowedTypes().contains(contentType)) {
            throw new ApiException(ErrorCode.CONTENT_TYPE_NOT_ALLOWED,
                    "Content type " + contentType + " is not accepted; allowed: " + properties.allowedTypes());
        }
        if (request.size() > properties.maxSize().toBytes()) {
            throw new ApiException(ErrorCode.UPLOAD_TOO_LARGE,
                    "The declared size exceeds the maximum of " + properties.maxSize().toBytes() + " bytes");
        }
        return new Declaration(filename, contentType, request.size(), checksum, reuse);
    }

    /** {@code type/subtype} in lower case without parameters, or null when not a concrete media type. */
    static String normalType(String raw) {
        try {
            MediaType type = MediaType.parseMediaType(raw);
            if (type.isWildcardType() || type.isWildcardSubtype()) {
                return null;
            }
            return (type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * A declaration that passed the policy. {@code checksum} is null when none was declared;
     * {@code reuseDuplicate} asks for the owner's existing asset of that checksum, if any
     * (without a checksum there is nothing to match, and the upload is a new one).
     */
    public record Declaration(String filename, String contentType, long size, Checksum checksum,
            boolean reuseDuplicate) {
    }
}
