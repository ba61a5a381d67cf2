package io.assetgate.server.storage;

/**
 * What the store knows of a stored object. {@code etag} may be null for stores without one.
 *
 * @param digest a checksum of the stored bytes that the store itself computed as they arrived,
 *        in the API's form (docs/api.md) ({@code sha256:<base64>} or {@code md5:<base64>}), or null when
 *        the store keeps none for this object (for instance an object assembled from parts)
 */
public record ObjectInfo(String key, long size, String etag, String digest) {

    public ObjectInfo(String key, long size, String etag) {
        this(key, size, etag, null);
    }
}
