package io.assetgate.client;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Sends one range of a file to a signed storage URL, retrying on its own: network errors and
 * 5xx with backoff; a 403 (the URL expired, or is about to) by asking the server for a fresh
 * URL. Only the range is ever sent again, never the whole file.
 */
final class SignedPut {

    /** Headers the JDK sets itself; the values it sends equal the signed ones. */
    private static final Set<String> RESTRICTED = Set.of("content-length", "host", "connection", "expect", "upgrade");
    /** A URL this close to its expiry is refreshed before use: a large part may take a while to start. */
    private static final Duration FRESHNESS = Duration.ofSeconds(2);
    private static final int MAX_REFRESHES = 5;

    private final Transport transport;
    private final Duration timeout;

    SignedPut(Transport transport, Duration timeout) {
        this.transport = transport;
        this.timeout = timeout;
    }

    /** What one successful PUT left: the storage's ETag (or null), and the checksum of the bytes sent. */
    record Sent(String etag, String checksum) {
    }

    /**
     * Sends {@code length} bytes at {@code offset} of {@code file} to the target that
     * {@code targets} supplies ({@code fresh == true} asks for a newly signed one), computing
     * their {@code algorithm} checksum on the way (none when null).
     */
    Sent send(TargetSource targets, Path file, long offset, long length, AtomicLong sent,
            Runnable onProgress, Cancellation cancellation, String algorithm) {
        int[] refreshes = {0};
        UploadInfo.Target[] target = {targets.get(false)};
        return transport.withRetry(() -> {
            if (target[0].expiresAt() != null
                    && target[0].expiresAt().isBefore(java.time.Instant.now().plus(FRESHNESS))) {
                target[0] = targets.get(true);
            }
            AtomicLong thisAttempt = new AtomicLong();
            FileSlicePublisher body = new FileSlicePublisher(file, offset, length, n -> {
                thisAttempt.addAndGet(n);
                sent.addAndGet(n);
                onProgress.run();
            }, cancellation, algorithm);
            try {
                HttpResponse<String> response = transport.send(request(target[0], body, length),
                        HttpResponse.BodyHandlers.ofString(), cancellation);
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return new Sent(response.headers().firstValue("ETag").orElse(null), body.checksum());
                }
                if (status == 412) {
                    // A single PUT may create its object once (If-None-Match: *): the object is
                    // stored, typically by an attempt whose answer was lost. Complete verifies it
                    // against the declaration, so bytes stored by anyone else fail there.
                    return new Sent(null, null);
                }
                AssetgateException error = Transport.problem(response, status == 403 ? "FORBIDDEN" : "STORAGE");
                if (status == 403 && refreshes[0]++ < MAX_REFRESHES) {
                    // Expired, or signed for a clock that has moved on: a fresh URL, not a blind retry.
                    target[0] = targets.get(true);
                    throw new AssetgateException(503, "URL_REFRESHED", error.getMessage(), Duration.ZERO, null);
                }
                throw error;
            } catch (AssetgateException e) {
                sent.addAndGet(-thisAttempt.get());
                onProgress.run();
                throw e;
            }
        }, cancellation);
    }

    private HttpRequest request(UploadInfo.Target target, FileSlicePublisher slice, long length) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(target.url())).timeout(timeout);
        if (target.headers() != null) {
            target.headers().forEach((name, value) -> {
                if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                    builder.header(name, value);
                }
            });
        }
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(slice, length);
        return builder.method(target.method() == null ? "PUT" : target.method(), body).build();
    }

    /** Where to send: the current target, or a freshly signed one. */
    @FunctionalInterface
    interface TargetSource {
        UploadInfo.Target get(boolean fresh);
    }

    static TargetSource fixed(Supplier<UploadInfo.Target> fresh, UploadInfo.Target first) {
        UploadInfo.Target[] current = {first};
        return refresh -> {
            if (refresh || current[0] == null) {
                current[0] = fresh.get();
            }
            return current[0];
        };
    }
}
