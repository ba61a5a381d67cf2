package io.assetgate.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The queue's items on disk, one JSON file each. Every write goes to a temporary file that is
 * fsynced, atomically renamed over the item, and then the directory is fsynced: after a crash
 * at any instant an item is either its old or its new self, never torn or lost.
 */
final class QueueStore {

    private final Path items;

    QueueStore(Path dir) {
        this.items = dir.resolve("items");
        try {
            Files.createDirectories(items);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void save(QueueItem item) {
        Path target = items.resolve(item.id() + ".json");
        Path temp = items.resolve("." + item.id() + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(Json.write(item).getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot persist queue item " + item.id(), e);
        }
    }

    synchronized Optional<QueueItem> find(String id) {
        return read(items.resolve(id + ".json"));
    }

    synchronized List<QueueItem> all() {
        List<QueueItem> all = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(items, "*.json")) {
            for (Path file : files) {
                read(file).ifPresent(all::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        all.sort(Comparator.comparing(QueueItem::createdAt).thenComparing(QueueItem::id));
        return all;
    }

    /** The ids of all items in name order, which is the order they were added in (ids start with the time). */
    synchronized List<String> ids() {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(items, "*.json")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                ids.add(name.substring(0, name.length() - ".json".length()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ids.sort(Comparator.naturalOrder());
        return ids;
    }

    synchronized boolean delete(String id) {
        try {
            boolean deleted = Files.deleteIfExists(items.resolve(id + ".json"));
            syncDirectory();
            return deleted;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<QueueItem> read(Path file) {
        try {
            return Optional.of(Json.read(Files.readString(file), QueueItem.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void syncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(items, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some platforms (Windows) cannot open a directory; the rename is still atomic there.
        }
    }
}
