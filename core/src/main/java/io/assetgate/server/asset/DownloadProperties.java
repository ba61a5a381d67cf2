package io.assetgate.server.asset;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The download links' setting. Its public name, {@code assetgate.upload.download-url-ttl}, is
 * fixed by the API (see docs/api.md), so it stays under {@code assetgate.upload} although only
 * this module reads it: the upload module's {@code UploadProperties} binds the rest of that prefix.
 *
 * @param downloadUrlTtl lifetime of signed download URLs; capped at {@link #MAX_URL_TTL}
 */
@ConfigurationProperties("assetgate.upload")
public record DownloadProperties(@DefaultValue("5m") Duration downloadUrlTtl) {

    /** Signed download URLs never live longer than this, whatever the settings say. */
    public static final Duration MAX_URL_TTL = Duration.ofMinutes(10);

    public DownloadProperties {
        downloadUrlTtl = downloadUrlTtl.compareTo(MAX_URL_TTL) > 0 ? MAX_URL_TTL : downloadUrlTtl;
    }
}
