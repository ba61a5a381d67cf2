package io.assetgate.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Assetgate API for Java applications. Immutable and thread-safe: build one, share it,
 * close it when done (that stops its part threads).
 *
 * <pre>{@code
 * try (AssetgateClient client = AssetgateClient.builder()
 *         .baseUrl("https://assets.example.com")
 *         .tokenProvider(new ClientCredentialsTokenProvider(tokenUri, id, secret, "assets:read assets:write"))
 *         .build()) {
 *     Asset asset = client.upload(Path.of("IMG_0001.jpg"));
 * }
 * }</pre>
 */
public final class AssetgateClient implements AutoCloseable {

    private final URI baseUrl;
    private final Transport transport;
    private final Uploader uploader;
    private final ExecutorService partPool;
    private final Duration transferTimeout;

    private AssetgateClient(Builder b) {
        this.baseUrl = b.baseUrl;
        this.transferTimeout = b.transferTimeout;
        HttpClient http = HttpClient.newBuilder()
                // HTTP/1.1: parallel parts on parallel connections, and no h2c upgrade dance with the storage.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.transport = new Transport(http, b.baseUrl, b.tokens, b.retry, b.requestTimeout);
        AtomicInteger threads = new AtomicInteger();
        this.partPool = Executors.newFixedThreadPool(b.partConcurrency, r -> {
            Thread t = new Thread(r, "assetgate-part-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.uploader = new Uploader(transport, b.transferTimeout, partPool);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The API's base URL. */
    public URI baseUrl() {
        return baseUrl;
    }

    /**
     * Uploads a file, declaring its name, guessed type and size; its checksum is computed while
     * it is sent and checked by the server at complete. Answers the verified asset.
     */
    public Asset upload(Path file) {
        return upload(file, UploadOptions.defaults());
    }

    public Asset upload(Path file, UploadOptions options) {
        return uploader.upload(file, options);
    }

    /**
     * Uploads {@code length} bytes of a stream. They are first spooled to a temporary file, so
     * that failed parts can be sent again; memory stays flat.
     * {@code options.filename()} is required.
     */
    public Asset upload(InputStream in, long length, UploadOptions options) {
        Objects.requireNonNull(options.filename(), "options.filename()");
        Path spool = null;
        try {
            spool = Files.createTempFile("assetgate-upload", ".part");
            long copied = Files.copy(in, spool, StandardCopyOption.REPLACE_EXISTING);
            if (copied != length) {
                throw AssetgateException.local(ErrorCodes.VALIDATION_FAILED,
                        "The stream had " + copied + " bytes, not the " + length + " declared");
            }
            return uploader.upload(spool, options);
        } catch (IOException e) {
            throw AssetgateException.fileUnreadable("Cannot spool the stream: " + e.getMessage(), e);
        } finally {
            if (spool != null) {
                try {
                    Files.deleteIfExists(spool);
                } catch (IOException ignored) {
                    // A temp file left behind is harmless.
                }
            }
        }
    }

    /**
     * Continues upload {@code uploadId} of {@code file} after an interruption (even a crash):
     * parts the storage already holds are not sent again; a completed upload answers its asset.
     */
    public Asset resume(String uploadId, Path file, UploadOptions options) {
        return uploader.resume(uploadId, file, options);
    }

    /** {@code GET /v1/uploads/{id}}. */
    public UploadInfo getUpload(String uploadId) {
        return uploader.get(uploadId, null);
    }

    /** Aborts a pending upload. */
    public void abort(String uploadId) {
        transport.call("DELETE", "/v1/uploads/" + enc(uploadId), null, Map.of(), null, null);
    }

    /** {@code GET /v1/assets/{id}}: the asset with fresh download links. */
    public Asset asset(String id) {
        return transport.call("GET", "/v1/assets/" + enc(id), null, Map.of(), Asset.class, null);
    }

    /** One page of the caller's assets, newest first; {@code cursor} null for the first page. */
    public Asset.Page list(int limit, String cursor) {
        return list(AssetFilter.all(), limit, cursor);
    }

    /**
     * One page of the caller's assets that pass {@code filter}, newest first by its sort key;
     * {@code cursor} null for the first page, else the previous page's {@code nextCursor} from
     * the same filter.
     */
    public Asset.Page list(AssetFilter filter, int limit, String cursor) {
        String query = "?limit=" + limit + filter.query() + (cursor == null ? "" : "&cursor=" + enc(cursor));
        return transport.call("GET", "/v1/assets" + query, null, Map.of(), Asset.Page.class, null);
    }

    /** Deletes an asset and its objects. */
    public void delete(String id) {
        transport.call("DELETE", "/v1/assets/" + enc(id), null, Map.of(), null, null);
    }

    /** The short-lived download link of an asset or one of its variants (the 303 of {@code /content}). */
    public URI downloadUrl(String id, String variant) {
        return transport.withRetry(() -> downloadUrlOnce(id, variant), null);
    }

    private URI downloadUrlOnce(String id, String variant) {
        String query = variant == null ? "" : "?variant=" + enc(variant);
        @SuppressWarnings("unchecked")
        HttpResponse<String> response = transport.once("GET", "/v1/assets/" + enc(id) + "/content" + query, null,
                Map.of(), HttpResponse.class, null);
        String location = response.headers().firstValue("Location")
                .orElseThrow(() -> AssetgateException.answered(response.statusCode(), ErrorCodes.INTERNAL,
                        "The server gave no download link", null));
        return baseUrl.resolve(location);
    }

    /**
     * Downloads an asset (or a variant) to {@code target}. The bytes go to a temporary file
     * next to it that replaces {@code target} only once complete: never a partial file.
     */
    public Path download(String id, String variant, Path target) {
        return transport.withRetry(() -> {
            // One retry loop around both steps: a fresh link is fetched for each attempt.
            URI url = downloadUrlOnce(id, variant);
            Path parent = target.toAbsolutePath().getParent();
            Path temp = null;
            try {
                Files.createDirectories(parent);
                temp = Files.createTempFile(parent, ".download-", ".tmp");
                // No bearer token here: the signed link is the only credential the storage needs.
                HttpRequest request = HttpRequest.newBuilder(url).timeout(transferTimeout).GET().build();
                HttpResponse<Path> response = transport.send(request,
                        HttpResponse.BodyHandlers.ofFile(temp), null);
                if (response.statusCode() != 200) {
                    throw AssetgateException.answered(response.statusCode(),
                            response.statusCode() >= 500 ? ErrorCodes.STORAGE_UNAVAILABLE : ErrorCodes.STORAGE,
                            "The storage answered HTTP " + response.statusCode() + " for the download", null);
                }
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                temp = null;
                return target;
            } catch (IOException e) {
                throw AssetgateException.network("Cannot write " + target + ": " + e.getMessage(), e);
            } finally {
                if (temp != null) {
                    try {
                        Files.deleteIfExists(temp);
                    } catch (IOException ignored) {
                        // Cleaned up on the next run of the cache.
                    }
                }
            }
        }, null);
    }

    /** True when the server answers at all (any HTTP status): used to probe while offline. */
    public boolean reachable() {
        try {
            HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve("/actuator/health"))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            transport.send(request, HttpResponse.BodyHandlers.discarding(), null);
            return true;
        } catch (AssetgateException e) {
            return false;
        }
    }

    @Override
    public void close() {
        partPool.shutdownNow();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Builds an {@link AssetgateClient}. Only {@code baseUrl} and a token provider are required. */
    public static final class Builder {
        private URI baseUrl;
        private TokenProvider tokens;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Duration transferTimeout = Duration.ofMinutes(30);
        private int partConcurrency = 4;
        private RetryPolicy retry = RetryPolicy.DEFAULT;

        private Builder() {
        }

        public Builder baseUrl(String url) {
            return baseUrl(URI.create(url));
        }

        public Builder baseUrl(URI url) {
            String s = url.toString();
            this.baseUrl = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
            return this;
        }

        public Builder tokenProvider(TokenProvider provider) {
            this.tokens = provider;
            return this;
        }

        /** A fixed bearer token. */
        public Builder token(String token) {
            return tokenProvider(TokenProvider.of(token));
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        /** Time allowed for one API call. */
        public Builder requestTimeout(Duration value) {
            this.requestTimeout = value;
            return this;
        }

        /** Time allowed for sending one part or single file, or one download. */
        public Builder transferTimeout(Duration value) {
            this.transferTimeout = value;
            return this;
        }

        /** How many parts go up at the same time, across all uploads of this client. */
        public Builder partConcurrency(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("partConcurrency must be at least 1");
            }
            this.partConcurrency = value;
            return this;
        }

        public Builder retryPolicy(RetryPolicy value) {
            this.retry = Objects.requireNonNull(value);
            return this;
        }

        public AssetgateClient build() {
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(tokens, "tokenProvider");
            return new AssetgateClient(this);
        }
    }
}
