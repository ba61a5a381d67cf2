package io.assetgate.server.config;

import java.net.URI;
import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings every feature shares.
 *
 * @param dataDir where the embedded database, the local objects and generated keys live
 * @param publicUrl the external base URL of this server, used in the links it signs
 */
@ConfigurationProperties("assetgate")
public record AssetgateProperties(@DefaultValue("./data") Path dataDir, URI publicUrl) {

    /** The public URL without a trailing slash, for building links. */
    public String baseUrl() {
        String url = publicUrl.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
