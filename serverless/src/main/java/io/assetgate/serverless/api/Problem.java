package io.assetgate.serverless.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.assetgate.server.web.ApiException;
import io.assetgate.server.web.ErrorCode;

/**
 * An RFC 9457 problem document with the stable {@code code} of docs/api.md, written field for
 * field as the server writes its own (type, title, status, detail, instance, code, errors,
 * requestId), from the same {@link ErrorCode} table.
 */
public final class Problem {
    // "instance" is the request's path, as Spring MVC adds it to the answers of the routes; the
    // refusals before any route ran (401, 403) have none, as the server's security layer writes them.

    private Problem() {
    }

    public static ApiReply reply(ApiException e, String path, String requestId) {
        return reply(e.code(), e.getMessage(), e.retryAfter(), e.errors(), path, requestId);
    }

    public static ApiReply reply(ErrorCode code, String detail, Duration retryAfter,
            List<ApiException.FieldError> errors, String path, String requestId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", code.type());
        body.put("title", code.title());
        body.put("status", code.status().value());
        body.put("detail", detail);
        if (path != null) {
            body.put("instance", path);
        }
        body.put("code", code.name());
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        if (requestId != null) {
            body.put("requestId", requestId);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/problem+json");
        if (retryAfter != null) {
            headers.put("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds())));
        }
        return new ApiReply(code.status().value(), body, headers);
    }

    /** A validation failure as the server's advice writes it. */
    public static ApiException validation(String detail, List<ApiException.FieldError> errors) {
        return new ApiException(ErrorCode.VALIDATION_FAILED, detail, null, errors);
    }
}
