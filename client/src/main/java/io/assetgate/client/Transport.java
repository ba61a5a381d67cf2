package io.assetgate.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import com.google.gson.JsonObject;

/**
 * HTTP for the API: bearer tokens, JSON, problem+json errors and the retry loop. The bearer
 * token MUST only ever go to the API's base URL, never to a signed storage URL.
 */
final class Transport {

    private final HttpClient http;
    private final URI base;
    private final TokenProvider tokens;
    private final RetryPolicy retry;
    private final Duration requestTimeout;

    Transport(HttpClient http, URI base, TokenProvider tokens, RetryPolicy retry, Duration requestTimeout) {
        this.http = http;
        this.base = base;
        this.tokens = tokens;
        this.retry = retry;
        this.requestTimeout = requestTimeout;
    }

    HttpClient http() {
        return http;
    }

    RetryPolicy retry() {
        return retry;
    }

    /** An API call with retries; answers the body mapped to {@code type}, or null for no content. */
    <T> T call(String method, String path, Object body, Map<String, String> headers, Class<T> type,
            Cancellation cancellation) {
        return withRetry(() -> once(method, path, body, headers, type, cancellation), cancellation);
    }

    /** Runs {@code attempt} until it succeeds, fails for good, or the attempts are spent. */
    <T> T withRetry(Supplier<T> attempt, Cancellation cancellation) {
        for (int failures = 0;; ) {
            if (cancellation != null) {
                cancellation.check();
            }
            try {
                return attempt.get();
            } catch (AssetgateException e) {
                failures++;
                if (!e.isRetryable() || failures >= retry.maxAttempts()) {
                    throw e;
                }
                RetryPolicy.sleep(retry.delay(failures, e.retryAfter()), cancellation);
            }
        }
    }

    /** One API call. A 401 makes the token provider forget the token, and is tried once more. */
    <T> T once(String method, String path, Object body, Map<String, String> headers, Class<T> type,
            Cancellation cancellation) {
        for (int attempt = 0;; attempt++) {
            String token = tokens.accessToken();
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(requestTimeout)
                    .header("Accept", "application/json, application/problem+json")
                    .header("Authorization", "Bearer " + token);
            headers.forEach(request::header);
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json");
                request.method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)));
            }
            HttpResponse<String> response = send(request.build(), HttpResponse.BodyHandlers.ofString(), cancellation);
            int status = response.statusCode();
            if (status == 401 && attempt == 0) {
                tokens.invalidate(token);
                continue;
            }
            if (status == 303 || status / 100 == 2) {
                if (type == HttpResponse.class) {
                    return type.cast(response);
                }
                return type == null || response.body().isEmpty() ? null : Json.read(response.body(), type);
            }
            throw problem(response, null);
        }
    }

    /** Sends a request; I/O failures and timeouts become retryable NETWORK errors. */
    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, Cancellation cancellation) {
        CompletableFuture<HttpResponse<T>> future = http.sendAsync(request, handler);
        try {
            while (true) {
                try {
                    return future.get(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    if (cancellation != null && cancellation.isCancelled()) {
                        future.cancel(true);
                        throw AssetgateException.cancelled();
                    }
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AssetgateException a) {
                throw a;
            }
            if (cancellation != null && cancellation.isCancelled()) {
                throw AssetgateException.cancelled();
            }
            if (cause instanceof IOException) {
                throw AssetgateException.network(describe(request, cause), cause);
            }
            throw AssetgateException.internal(describe(request, cause), cause);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw AssetgateException.cancelled();
        } catch (CancellationException e) {
            throw AssetgateException.cancelled();
        }
    }

    private static String describe(HttpRequest request, Throwable cause) {
        String what = cause instanceof java.net.ConnectException ? "cannot connect"
                : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return request.method() + " " + request.uri().getScheme() + "://" + request.uri().getAuthority()
                + request.uri().getPath() + " failed: " + what;
    }

    /** The error an answer carries: the problem+json {@code code} when there is one. */
    static AssetgateException problem(HttpResponse<String> response, String fallbackCode) {
        int status = response.statusCode();
        String code = fallbackCode != null ? fallbackCode : codeOf(status);
        String detail = "HTTP " + status;
        try {
            JsonObject json = Json.read(response.body(), JsonObject.class);
            if (json != null && json.has("code")) {
                code = json.get("code").getAsString();
            }
            if (json != null && json.has("detail") && !json.get("detail").isJsonNull()) {
                detail = json.get("detail").getAsString();
            }
        } catch (RuntimeException notJson) {
            // S3 answers XML; the status alone tells what to do.
        }
        return AssetgateException.answered(status, code, code + ": " + detail, retryAfter(response));
    }

    private static String codeOf(int status) {
        return switch (status) {
            case 400 -> ErrorCodes.VALIDATION_FAILED;
            case 401 -> ErrorCodes.UNAUTHENTICATED;
            case 403 -> ErrorCodes.FORBIDDEN;
            case 404 -> ErrorCodes.NOT_FOUND;
            case 429 -> ErrorCodes.RATE_LIMITED;
            case 503 -> ErrorCodes.STORAGE_UNAVAILABLE;
            default -> status >= 500 ? ErrorCodes.INTERNAL : "HTTP_" + status;
        };
    }

    static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(value -> {
            try {
                return Duration.ofSeconds(Long.parseLong(value.trim()));
            } catch (NumberFormatException e) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration d = Duration.between(ZonedDateTime.now(), at);
                    return d.isNegative() ? Duration.ZERO : d;
                } catch (RuntimeException bad) {
                    return null;
                }
            }
        }).orElse(null);
    }
}
