package io.assetgate.client;

import java.time.Duration;

/**
 * Any failure of a call. {@code code} is the server's stable error code ({@code NOT_FOUND},
 * {@code CONTENT_TYPE_NOT_ALLOWED}, ...) or one of the client's own: {@value #NETWORK} when the
 * server could not be reached, {@value #CANCELLED} when the caller cancelled, {@value #STORAGE}
 * when the storage refused a signed request without a code of its own.
 */
public class AssetgateException extends RuntimeException {

    /** The server or the storage could not be reached, or the connection broke. */
    public static final String NETWORK = "NETWORK";
    /** The caller cancelled the operation. */
    public static final String CANCELLED = "CANCELLED";
    /** The storage refused a signed request and said nothing the client understands. */
    public static final String STORAGE = "STORAGE";

    private final int status;
    private final String code;
    private final transient Duration retryAfter;

    public AssetgateException(int status, String code, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    static AssetgateException network(String message, Throwable cause) {
        return new AssetgateException(0, NETWORK, message, null, cause);
    }

    static AssetgateException cancelled() {
        return new AssetgateException(0, CANCELLED, "Cancelled", null, null);
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
                || "STORAGE_UNAVAILABLE".equals(code) || "RATE_LIMITED".equals(code);
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
