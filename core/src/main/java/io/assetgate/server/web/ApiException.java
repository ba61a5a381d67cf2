package io.assetgate.server.web;

import java.time.Duration;
import java.util.List;

/**
 * A failure that the API reports to the caller with a stable {@link ErrorCode}. The detail
 * is shown to the caller, so it MUST NOT contain secrets, paths or internal class names.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final Duration retryAfter;
    private final List<FieldError> errors;

    public ApiException(ErrorCode code, String detail) {
        this(code, detail, null, List.of());
    }

    public ApiException(ErrorCode code, String detail, Duration retryAfter, List<FieldError> errors) {
        super(detail);
        this.code = code;
        this.retryAfter = retryAfter;
        this.errors = List.copyOf(errors);
    }

    public static ApiException notFound(String what) {
        return new ApiException(ErrorCode.NOT_FOUND, what + " not found");
    }

    public static ApiException validation(String field, String message) {
        return new ApiException(ErrorCode.VALIDATION_FAILED, field + ": " + message, null,
                List.of(new FieldError(field, message)));
    }

    public ErrorCode code() {
        return code;
    }

    /** How long the caller should wait before retrying, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** One invalid field of a request. */
    public record FieldError(String field, String message) {
    }
}
