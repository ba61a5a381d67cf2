package io.assetgate.server.web;

import org.springframework.http.HttpStatus;

/**
 * The one table of public error codes (docs/api.md lists them). Each code has exactly one HTTP
 * status and a stable title; clients branch on {@link #name()}, never on the text.
 */
public enum ErrorCode {
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "Authentication required"),
    FORBIDDEN(HttpStatus.FORBIDDEN, "Forbidden"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
    VALIDATION_FAILED(HttpStatus.BAD_REQUEST, "Validation failed"),
    UPLOAD_TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE, "Upload too large"),
    CONTENT_TYPE_NOT_ALLOWED(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content type not allowed"),
    UPLOAD_EXPIRED(HttpStatus.GONE, "Upload expired"),
    UPLOAD_NOT_PENDING(HttpStatus.CONFLICT, "Upload is not pending"),
    UPLOAD_INCOMPLETE(HttpStatus.CONFLICT, "Upload incomplete"),
    INTEGRITY_MISMATCH(HttpStatus.UNPROCESSABLE_CONTENT, "Integrity mismatch"),
    IDEMPOTENCY_CONFLICT(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency conflict"),
    QUOTA_EXCEEDED(HttpStatus.FORBIDDEN, "Quota exceeded"),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Rate limited"),
    STORAGE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Storage unavailable"),
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error"),
    /** An addition to the v1 list: the asset exists but is pending, quarantined or failed. */
    ASSET_NOT_DOWNLOADABLE(HttpStatus.CONFLICT, "Asset not downloadable"),
    /** An addition to the v1 list: the metadata database cannot be reached. */
    DATABASE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable"),
    /** An addition to the v1 list: a JSON request body over the size limit. */
    REQUEST_TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE, "Request too large"),
    /** An addition to the v1 list: the server is starting or stopping; another instance, or a retry, will do. */
    UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable"),
    /**
     * An addition to the v1 list: the local store refuses a signed PUT because the object is
     * already stored (S3 answers 412 {@code PreconditionFailed} to its {@code If-None-Match: *}).
     * A client that lost the answer to its first PUT completes the upload.
     */
    ALREADY_STORED(HttpStatus.PRECONDITION_FAILED, "Object already stored"),
    /**
     * An addition to the v1 list: the object store refuses the server itself (credentials,
     * permissions, bucket or region). Retrying cannot help until an operator fixes the settings:
     * a 500 with no {@code Retry-After}, unlike the temporary {@link #STORAGE_UNAVAILABLE}.
     */
    STORAGE_MISCONFIGURED(HttpStatus.INTERNAL_SERVER_ERROR, "Storage misconfigured"),
    /** An addition to the v1 list: the request body stopped arriving for longer than the body read timeout. */
    REQUEST_TIMEOUT(HttpStatus.REQUEST_TIMEOUT, "Request timeout");

    private final HttpStatus status;
    private final String title;

    ErrorCode(HttpStatus status, String title) {
        this.status = status;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The problem document's {@code type}: the same URI from the server and the Lambda handlers. */
    public String type() {
        return "https://assetgate.io/problems/" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
