package io.assetgate.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * An offline cache of downloaded assets in a directory: files kept for a time to live, within
 * a size cap, least recently used evicted first. Its index is on disk and survives restarts.
 * When the server cannot be reached it serves what it has, even past its time to live, and
 * says so ({@link Result#stale()}). A download lands in a temporary file that is renamed into
 * place only once complete, so a partial download is never served.
 */
public final class AssetCache {

    private static final String INDEX = "index.json";

    private final AssetgateClient client;
    private final Path files;
    private final Duration ttl;
    private final long maxBytes;
    private final Clock clock;
    private final CacheIndex index;

    /**
     * What {@link #get} answers.
     *
     * @param file the local copy; read it, do not move or change it
     * @param stale true when it is past its time to live and could not be refreshed
     * @param offline true when the server could not be reached for this answer
     * @param fetchedAt when the copy was downloaded
     */
    public record Result(Path file, boolean stale, boolean offline, Instant fetchedAt) {
    }

    private AssetCache(AssetgateClient client, Path dir, Duration ttl, long maxBytes, Clock clock) {
        this.client = client;
        this.files = dir.resolve("files");
        this.ttl = ttl;
        this.maxBytes = maxBytes;
        this.clock = clock;
        try {
            Files.createDirectories(files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.index = new CacheIndex(dir.resolve(INDEX));
        removeStrays();
    }

    /**
     * @param ttl how long a copy is served without asking the server
     * @param maxBytes the size cap of all copies together
     */
    public static AssetCache open(AssetgateClient client, Path dir, Duration ttl, long maxBytes) {
        return open(client, dir, ttl, maxBytes, Clock.systemUTC());
    }

    public static AssetCache open(AssetgateClient client, Path dir, Duration ttl, long maxBytes, Clock clock) {
        return new AssetCache(client, dir, ttl, maxBytes, clock);
    }

    /** The asset's original (variant null) or a variant, from the cache or downloaded. */
    public synchronized Result get(String assetId, String variant) {
        String key = variant == null ? assetId : assetId + "/" + variant;
        Instant now = clock.instant();
        CacheIndex.Entry entry = index.get(key);
        if (entry != null && !Files.isRegularFile(files.resolve(entry.file()))) {
            index.remove(key);
            entry = null;
        }
        if (entry != null && now.isBefore(entry.fetchedAt().plus(ttl))) {
            index.put(entry.touched(now));
            index.save();
            return new Result(files.resolve(entry.file()), false, false, entry.fetchedAt());
        }
        try {
            return fetch(key, assetId, variant, now);
        } catch (AssetgateException e) {
            if (entry != null && (e.isOffline() || e.isRetryable())) {
                index.put(entry.touched(now));
                index.save();
                return new Result(files.resolve(entry.file()), true, true, entry.fetchedAt());
            }
            throw e;
        }
    }

    /** Bytes held now. */
    public synchronized long size() {
        return index.totalBytes();
    }

    /** True when this asset (or variant) has a local copy, fresh or not. */
    public synchronized boolean contains(String assetId, String variant) {
        return index.get(variant == null ? assetId : assetId + "/" + variant) != null;
    }

    private Result fetch(String key, String assetId, String variant, Instant now) {
        String name = fileName(key);
        Path target = files.resolve(name);
        client.download(assetId, variant, target);
        long size;
        try {
            size = Files.size(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        index.put(new CacheIndex.Entry(key, name, size, now, now));
        evict(key);
        index.save();
        return new Result(target, false, false, now);
    }

    /** Least recently used first, until within the cap; the entry just fetched stays. */
    private void evict(String keep) {
        for (CacheIndex.Entry e : index.all().stream()
                .sorted(Comparator.comparing(CacheIndex.Entry::lastAccess)).toList()) {
            if (index.totalBytes() <= maxBytes) {
                return;
            }
            if (!e.key().equals(keep)) {
                index.remove(e.key());
                deleteQuietly(files.resolve(e.file()));
            }
        }
    }

    /** Files the index does not know (a crash between rename and index save, or temp files) go. */
    private void removeStrays() {
        Set<String> known = new HashSet<>();
        index.all().forEach(e -> known.add(e.file()));
        try (DirectoryStream<Path> all = Files.newDirectoryStream(files)) {
            for (Path file : all) {
                if (!known.contains(file.getFileName().toString())) {
                    deleteQuietly(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fileName(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // Retried at the next start.
        }
    }
}
