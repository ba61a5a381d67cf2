package io.assetgate.server.upload;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The upload policy's settings. {@code assetgate.upload.download-url-ttl} is bound by the asset
 * module, which signs the downloads.
 *
 * @param urlTtl lifetime of signed upload URLs; capped at {@link #MAX_URL_TTL}
 * @param maxSize the largest declared size accepted
 * @param allowedTypes content types accepted
 * @param multipartThreshold a declared size at or above this is uploaded in parts
 * @param partSize the preferred size of each part
 * @param multipartTtl how long a MULTIPART upload may take in all; each signed part URL still
 *        lives at most {@code urlTtl}, and a client asks for fresh ones as needed
 * @param retention an upload in a final state (COMPLETED, FAILED, ABORTED, EXPIRED) is purged this
 *        long after its deadline; its asset keeps everything it needs. An Idempotency-Key
 *        whose upload was purged is free again: a retry with it creates a new upload
 * @param purgeInterval how often that purge runs
 * @param bodyReadTimeout on the proxied path ({@code PUT /v1/uploads/{id}/content}), the longest
 *        wait for the next bytes of the body; a client silent for longer gets 408 and the
 *        upload stays pending
 */
@ConfigurationProperties("assetgate.upload")
public record UploadProperties(
        @DefaultValue("5m") Duration urlTtl,
        @DefaultValue("5GB") DataSize maxSize,
        @DefaultValue({"image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/heif",
            "image/avif", "image/tiff", "video/mp4", "video/quicktime", "video/webm", "video/x-matroska",
            "video/3gpp"}) List<String> allowedTypes,
        @DefaultValue("64MB") DataSize multipartThreshold,
        @DefaultValue("16MB") DataSize partSize,
        @DefaultValue("24h") Duration multipartTtl,
        @DefaultValue("30d") Duration retention,
        @DefaultValue("1h") Duration purgeInterval,
        @DefaultValue("30s") Duration bodyReadTimeout) {

    /** Signed upload URLs never live longer than this, whatever the settings say. */
    public static final Duration MAX_URL_TTL = Duration.ofMinutes(10);

    public UploadProperties {
        if (urlTtl.isNegative() || urlTtl.isZero()) {
            throw new IllegalArgumentException("assetgate.upload.url-ttl must be positive");
        }
        if (bodyReadTimeout.isNegative() || bodyReadTimeout.isZero()) {
            throw new IllegalArgumentException("assetgate.upload.body-read-timeout must be positive");
        }
        urlTtl = urlTtl.compareTo(MAX_URL_TTL) > 0 ? MAX_URL_TTL : urlTtl;
        allowedTypes = allowedTypes.stream().map(String::toLowerCase).map(String::strip).toList();
    }
}
