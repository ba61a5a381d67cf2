package io.assetgate.server.storage;

/** What the store knows of a stored object. {@code etag} may be null for stores without one. */
public record ObjectInfo(String key, long size, String etag) {
}
