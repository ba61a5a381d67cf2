/**
 * The Assetgate client library: the public API of {@code CONTRACT.md} for Java 17+ applications,
 * with nothing but the JDK and Gson underneath.
 *
 * <ul>
 *   <li>{@link io.assetgate.client.AssetgateClient}: uploads (single or multipart, as the server
 *       answers; parts in parallel, streamed from disk; checksums computed while sending and checked by the server at complete), retries with
 *       backoff and full jitter, fresh URLs when signed ones expire, resume after a crash.</li>
 *   <li>{@link io.assetgate.client.TokenProvider}: static tokens, client credentials, and refresh
 *       tokens renewed before they expire; {@link io.assetgate.client.DeviceLogin} for the device flow.</li>
 *   <li>{@link io.assetgate.client.UploadQueue}: a durable offline queue, exactly once across
 *       crashes, that waits out outages and notifies its listeners.</li>
 *   <li>{@link io.assetgate.client.AssetCache}: an offline cache of downloads with a time to live,
 *       a size cap and LRU eviction, that serves stale copies when the server is unreachable.</li>
 * </ul>
 *
 * Errors are {@link io.assetgate.client.AssetgateException}s carrying the server's error code.
 */
package io.assetgate.client;
