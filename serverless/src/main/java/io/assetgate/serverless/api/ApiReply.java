package io.assetgate.serverless.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer to an {@link ApiRequest}: a status, a body to write as JSON (or none), and headers.
 *
 * @param body written as {@code application/json}, or as {@code application/problem+json} when
 *        it is a {@link Problem}; null for no body
 */
public record ApiReply(int status, Object body, Map<String, String> headers) {

    public static ApiReply json(int status, Object body) {
        return new ApiReply(status, body, Map.of());
    }

    public static ApiReply noContent() {
        return new ApiReply(204, null, Map.of());
    }

    /** A {@code 303 See Other} to a short-lived link, never cached. */
    public static ApiReply seeOther(String location) {
        return new ApiReply(303, null, Map.of("Location", location, "Cache-Control", "no-store"));
    }

    public ApiReply withHeader(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new ApiReply(status, body, all);
    }
}
