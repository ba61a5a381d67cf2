package io.assetgate.client;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
     * A range of a file to send: {@code length} bytes at {@code offset}, whose {@code algorithm}
     * checksum is computed on the way (none when null). Each chunk read adds to {@code sent}, then
     * runs {@code onProgress}; a failed attempt takes its bytes back off {@code sent}.
     */
    record Slice(Path file, long offset, long length, String algorithm, AtomicLong sent, Runnable onProgress) {
    }

    /** Sends the slice to the target that {@code targets} supplies, refreshing it as needed. */
    Sent send(TargetSource targets, Slice slice, Cancellation cancellation) {
        Destination destination = new Destination(targets);
        return transport.withRetry(() -> attempt(destination, slice, cancellation), cancellation);
    }

    private Sent attempt(Destination destination, Slice slice, Cancellation cancellation) {
        UploadInfo.Target target = destination.current();
        AtomicLong thisAttempt = new AtomicLong();
        FileSlicePublisher body = new FileSlicePublisher(slice.file(), slice.offset(), slice.length(), n -> {
            thisAttempt.addAndGet(n);
            slice.sent().addAndGet(n);
            slice.onProgress().run();
        }, cancellation, slice.algorithm());
        try {
            HttpResponse<String> response = transport.send(request(target, body, slice.length()),
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
            AssetgateException error = Transport.problem(response,
                    status == 403 ? ErrorCodes.FORBIDDEN : ErrorCodes.STORAGE);
            if (status == 403 && destination.refresh()) {
                // Expired, or signed for a clock that has moved on: a fresh URL, not a blind retry.
                throw AssetgateException.answered(503, ErrorCodes.URL_REFRESHED, error.getMessage(), Duration.ZERO);
            }
            throw error;
        } catch (AssetgateException e) {
            slice.sent().addAndGet(-thisAttempt.get());
            slice.onProgress().run();
            throw e;
        }
    }

    /** The target of one send across its attempts, and how often it was refreshed after a 403. */
    private static final class Destination {
        private final TargetSource targets;
        private UploadInfo.Target target;
        private int refreshes;

        Destination(TargetSource targets) {
            this.targets = targets;
            this.target = targets.get(false);
        }

        /** The target to use now: a fresh one when this one expires within {@link #FRESHNESS}. */
        UploadInfo.Target current() {
            if (target.expiresAt() != null && target.expiresAt().isBefore(Instant.now().plus(FRESHNESS))) {
                target = targets.get(true);
            }
            return target;
        }

        /** Takes a fresh target after a refusal; false once {@link #MAX_REFRESHES} are spent. */
        boolean refresh() {
            if (refreshes++ >= MAX_REFRESHES) {
                return false;
            }
            target = targets.get(true);
            return true;
        }
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

    /** The given first target, then a fresh one from {@code fresh} whenever one is asked for. */
    static TargetSource fixed(Supplier<UploadInfo.Target> fresh, UploadInfo.Target first) {
        return new TargetSource() {
            private UploadInfo.Target current = first;

            @Override
            public UploadInfo.Target get(boolean refresh) {
                if (refresh || current == null) {
                    current = fresh.get();
                }
                return current;
            }
        };
    }
}
