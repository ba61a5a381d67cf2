package io.assetgate.client;

/**
 * The states and modes of an upload, as {@link UploadInfo#state()} and {@link UploadInfo#mode()}
 * give them. Kept as text, not enums, so that a value added by a newer server does not break
 * an older client.
 */
public final class UploadStates {

    public static final String PENDING = "PENDING";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";
    public static final String ABORTED = "ABORTED";
    public static final String EXPIRED = "EXPIRED";

    /** A mode: the bytes go up in one signed PUT. */
    public static final String SINGLE = "SINGLE";
    /** A mode: the bytes go up in parts. */
    public static final String MULTIPART = "MULTIPART";

    private UploadStates() {
    }
}
