package io.assetgate.server.asset;

/** A derived image stored beside the original, such as {@code thumbnail} or {@code poster}. */
public record Variant(String name, String objectKey, String contentType, Integer width, Integer height, Long size) {
}
