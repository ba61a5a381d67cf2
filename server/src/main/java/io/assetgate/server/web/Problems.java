package io.assetgate.server.web;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** Builds RFC 9457 problem documents that carry the stable {@code code} of docs/api.md. */
public final class Problems {


    private Problems() {
    }

    public static ProblemDetail detail(ErrorCode code, String detail, List<ApiException.FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(code.status(), detail);
        problem.setType(URI.create(code.type()));
        problem.setTitle(code.title());
        problem.setProperty("code", code.name());
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        RequestIds.current().ifPresent(id -> problem.setProperty("requestId", id));
        return problem;
    }

    /**
     * The problem for a bare HTTP status that no handler explained: a request rejected before
     * any controller ran, by the security firewall or by the servlet container itself.
     */
    public static ApiException forStatus(int status) {
        return switch (status) {
            case 401 -> new ApiException(ErrorCode.UNAUTHENTICATED, "A valid bearer token is required");
            case 403 -> new ApiException(ErrorCode.FORBIDDEN, "Forbidden");
            case 404, 405 -> new ApiException(ErrorCode.NOT_FOUND, "No such resource");
            case 408 -> new ApiException(ErrorCode.REQUEST_TIMEOUT, "The request did not arrive in time");
            case 413 -> new ApiException(ErrorCode.REQUEST_TOO_LARGE, "The request is too large");
            case 414, 431 -> new ApiException(ErrorCode.VALIDATION_FAILED, "The request's URL or headers are too long");
            case 429 -> new ApiException(ErrorCode.RATE_LIMITED, "Too many requests");
            case 503 -> new ApiException(ErrorCode.UNAVAILABLE, "The server is not taking requests now; retry");
            default -> status >= 500
                    ? new ApiException(ErrorCode.INTERNAL, "An unexpected error occurred")
                    : new ApiException(ErrorCode.VALIDATION_FAILED,
                            "The request was rejected: its URL or headers are not allowed");
        };
    }

    public static ResponseEntity<ProblemDetail> response(ApiException e) {
        return response(e.code(), e.getMessage(), e.retryAfter(), e.errors());
    }

    public static ResponseEntity<ProblemDetail> response(ErrorCode code, String detail, Duration retryAfter,
            List<ApiException.FieldError> errors) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(code.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (retryAfter != null) {
            builder.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        }
        return builder.body(detail(code, detail, errors));
    }
}
