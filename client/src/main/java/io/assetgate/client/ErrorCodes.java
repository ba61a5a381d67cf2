package io.assetgate.client;

/**
 * The error codes an {@link AssetgateException} carries: the server's stable codes (see
 * docs/api.md), and the client's own for failures that never reached the server or that the
 * server did not name. Codes are kept as text, not an enum, so that a code added by a newer
 * server reaches an older client as it is.
 */
public final class ErrorCodes {

    // The server's codes.
    public static final String UNAUTHENTICATED = "UNAUTHENTICATED";
    public static final String FORBIDDEN = "FORBIDDEN";
    public static final String NOT_FOUND = "NOT_FOUND";
    public static final String VALIDATION_FAILED = "VALIDATION_FAILED";
    public static final String UPLOAD_TOO_LARGE = "UPLOAD_TOO_LARGE";
    public static final String CONTENT_TYPE_NOT_ALLOWED = "CONTENT_TYPE_NOT_ALLOWED";
    public static final String UPLOAD_EXPIRED = "UPLOAD_EXPIRED";
    public static final String UPLOAD_NOT_PENDING = "UPLOAD_NOT_PENDING";
    public static final String UPLOAD_INCOMPLETE = "UPLOAD_INCOMPLETE";
    public static final String INTEGRITY_MISMATCH = "INTEGRITY_MISMATCH";
    public static final String IDEMPOTENCY_CONFLICT = "IDEMPOTENCY_CONFLICT";
    public static final String QUOTA_EXCEEDED = "QUOTA_EXCEEDED";
    public static final String RATE_LIMITED = "RATE_LIMITED";
    public static final String STORAGE_UNAVAILABLE = "STORAGE_UNAVAILABLE";
    public static final String INTERNAL = "INTERNAL";

    // The client's own.
    /** The server or the storage could not be reached, or the connection broke. */
    public static final String NETWORK = "NETWORK";
    /** The caller cancelled the operation. */
    public static final String CANCELLED = "CANCELLED";
    /** The storage refused a signed request and said nothing the client understands. */
    public static final String STORAGE = "STORAGE";
    /** A file to upload cannot be read. */
    public static final String FILE_UNREADABLE = "FILE_UNREADABLE";
    /** A file changed size between its declaration and its resumption. */
    public static final String FILE_CHANGED = "FILE_CHANGED";
    /** Another process is running the same upload queue. */
    public static final String QUEUE_BUSY = "QUEUE_BUSY";
    /** Only a FAILED queue item can be retried. */
    public static final String QUEUE_ITEM_NOT_FAILED = "QUEUE_ITEM_NOT_FAILED";
    /** The OIDC discovery document could not be read. */
    public static final String DISCOVERY_FAILED = "DISCOVERY_FAILED";
    /** The token endpoint refused without an OAuth {@code error} of its own. */
    public static final String TOKEN_ENDPOINT = "TOKEN_ENDPOINT";
    /** Internal to a signed PUT: its URL was refreshed, and the same range is sent again. */
    static final String URL_REFRESHED = "URL_REFRESHED";

    private ErrorCodes() {
    }
}
