package io.assetgate.client;

import java.time.Duration;

/**
 * Any failure of a call. {@code code} is the server's stable error code ({@code NOT_FOUND},
 * {@code CONTENT_TYPE_NOT_ALLOWED}, ...) or one of the client's own: {@value #NETWORK} when the
 * server could not be reached, {@value #CANCELLED} when the caller cancelled, {@value #STORAGE}
 * when the storage refused a signed request without a code of its own. {@link ErrorCodes} lists
 * them. Instances are made by the named factories below.
 */
public class AssetgateException extends RuntimeException {

    /** The server or the storage could not be reached, or the connection broke. */
    public static final String NETWORK = ErrorCodes.NETWORK;
    /** The caller cancelled the operation. */
    public static final String CANCELLED = ErrorCodes.CANCELLED;
    /** The storage refused a signed request and said nothing the client understands. */
    public static final String STORAGE = ErrorCodes.STORAGE;

    private final int status;
    private final String code;
    private final transient Duration retryAfter;

    private AssetgateException(int status, String code, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    /** An answer with this status and code; {@code retryAfter} as the answer asked, or null. */
    public static AssetgateException answered(int status, String code, String message, Duration retryAfter) {
        return new AssetgateException(status, code, message, retryAfter, null);
    }

    /** A failure found on this side, before or without an answer (status 0). */
    public static AssetgateException local(String code, String message) {
        return new AssetgateException(0, code, message, null, null);
    }

    /** A failure found on this side, caused by {@code cause}. */
    static AssetgateException local(String code, String message, Throwable cause) {
        return new AssetgateException(0, code, message, null, cause);
    }

    static AssetgateException network(String message, Throwable cause) {
        return local(NETWORK, message, cause);
    }

    static AssetgateException cancelled() {
        return local(CANCELLED, "Cancelled");
    }

    /** A file to upload that cannot be read: a lasting failure, never retried. */
    static AssetgateException fileUnreadable(String message, Throwable cause) {
        return local(ErrorCodes.FILE_UNREADABLE, message, cause);
    }

    /** The upload expired before it completed, as the server would answer (410). */
    static AssetgateException uploadExpired(String message) {
        return answered(410, ErrorCodes.UPLOAD_EXPIRED, message, null);
    }

    /** A failure of the client itself, or an answer it cannot use. */
    static AssetgateException internal(String message, Throwable cause) {
        return local(ErrorCodes.INTERNAL, message, cause);
    }

    /** The HTTP status, or 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** The stable error code. */
    public String code() {
        return code;
    }

    /** How long the server asked to wait before trying again, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * True when the same call may succeed later: no answer, 5xx, 429 or STORAGE_UNAVAILABLE. A
     * code that says retrying cannot help ({@code STORAGE_MISCONFIGURED}: the server's store
     * refuses its own settings) is final despite its 5xx status, so queues do not retry it forever.
     */
    public boolean isRetryable() {
        if (FINAL_CODES.contains(code)) {
            return false;
        }
        return status == 0 && NETWORK.equals(code) || status >= 500 || status == 429
                || ErrorCodes.STORAGE_UNAVAILABLE.equals(code) || ErrorCodes.RATE_LIMITED.equals(code);
    }

    /** Server codes that fail for good whatever their status. */
    private static final java.util.Set<String> FINAL_CODES = java.util.Set.of("STORAGE_MISCONFIGURED");

    /** True when the server could not be reached at all: the caller is probably offline. */
    public boolean isOffline() {
        return NETWORK.equals(code);
    }

    public boolean isCancelled() {
        return CANCELLED.equals(code);
    }
}
