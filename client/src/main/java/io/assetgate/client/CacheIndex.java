package io.assetgate.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The cache's index on disk: one JSON document, replaced atomically on each change. */
final class CacheIndex {

    /** One cached file: which asset and variant, where, how big, when fetched and last used. */
    record Entry(String key, String file, long size, Instant fetchedAt, Instant lastAccess) {
        Entry touched(Instant now) {
            return new Entry(key, file, size, fetchedAt, now);
        }
    }

    private record Document(List<Entry> entries) {
    }

    private final Path path;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    CacheIndex(Path path) {
        this.path = path;
        if (Files.isRegularFile(path)) {
            try {
                Document doc = Json.read(Files.readString(path), Document.class);
                if (doc != null && doc.entries() != null) {
                    doc.entries().forEach(e -> entries.put(e.key(), e));
                }
            } catch (IOException | RuntimeException e) {
                // A damaged index only costs downloads: start empty.
                entries.clear();
            }
        }
    }

    Entry get(String key) {
        return entries.get(key);
    }

    void put(Entry entry) {
        entries.put(entry.key(), entry);
    }

    void remove(String key) {
        entries.remove(key);
    }

    List<Entry> all() {
        return new ArrayList<>(entries.values());
    }

    long totalBytes() {
        return entries.values().stream().mapToLong(Entry::size).sum();
    }

    void save() {
        Path temp = path.resolveSibling(path.getFileName() + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(Json.write(new Document(all())).getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the cache index", e);
        }
    }
}
