package io.assetgate.server.storage.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.assetgate.server.storage.InvalidPartsException;
import io.assetgate.server.storage.MultipartNotFoundException;
import io.assetgate.server.storage.MultipartStore.PartTag;
import io.assetgate.server.storage.MultipartStore.StoredPart;
import io.assetgate.server.storage.ObjectInfo;
import io.assetgate.server.storage.StorageException;
import io.assetgate.server.storage.StoreInventory.OpenMultipart;

/**
 * The local store's multipart uploads, kept under {@code <objects>/.multipart}:
 * <pre>
 *   .multipart/&lt;upload id&gt;/key              the object key the parts are for
 *   .multipart/&lt;upload id&gt;/part-size        the size of every part but the last
 *   .multipart/&lt;upload id&gt;/data             the object being assembled
 *   .multipart/&lt;upload id&gt;/&lt;n&gt;.&lt;sha256 hex&gt;   marker of part n, holding its length
 * </pre>
 * Each part is written straight into {@code data} at its offset ({@code (n - 1) * part-size})
 * and synced there while other parts are still arriving; its marker appears only after that,
 * so a listed part is whole and durable. Complete then has no bytes to copy: it checks the
 * markers and moves {@code data} to the key in one atomic rename.
 */
final class LocalMultipart {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String KEY_FILE = "key";
    private static final String PART_SIZE_FILE = "part-size";
    private static final String DATA_FILE = "data";

    private final LocalObjectStore store;
    private final Path root;

    LocalMultipart(LocalObjectStore store, Path root) {
        this.store = store;
        this.root = root;
    }

    String start(String key, long partSize) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        try {
            Path dir = Files.createDirectories(root.resolve(id));
            Files.writeString(dir.resolve(PART_SIZE_FILE), Long.toString(partSize), StandardOpenOption.CREATE_NEW);
            Files.createFile(dir.resolve(DATA_FILE));
            // The key file comes last: a directory without one is not an upload yet.
            Files.writeString(dir.resolve(KEY_FILE), key, StandardOpenOption.CREATE_NEW, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new StorageException("Cannot start a multipart upload for " + key, e);
        }
        return id;
    }

    /** Writes part {@code number} of exactly {@code length} bytes at its offset; answers its ETag (hex SHA-256). */
    String putPart(String key, String uploadId, int number, InputStream body, long length) throws IOException {
        Path dir = directory(key, uploadId);
        long partSize = partSize(dir);
        if (length > partSize) {
            throw new LocalObjectStore.LengthMismatchException("a part holds at most " + partSize + " bytes");
        }
        // The old marker goes first: while the region is rewritten, the part is not listed.
        for (StoredPart old : list(dir)) {
            if (old.partNumber() == number) {
                Files.deleteIfExists(dir.resolve(markerName(old.partNumber(), old.etag())));
            }
        }
        String etag = writeAt(body, length, dir.resolve(DATA_FILE), (number - 1) * partSize);
        Path tmp = store.newTempFile();
        try {
            Files.writeString(tmp, Long.toString(length), StandardOpenOption.CREATE_NEW);
            store.moveIntoPlace(tmp, dir.resolve(markerName(number, etag)));
        } finally {
            LocalObjectStore.deleteQuietly(tmp);
        }
        return etag;
    }

    List<StoredPart> listParts(String key, String uploadId) {
        return list(directory(key, uploadId));
    }

    ObjectInfo complete(String key, String uploadId, List<PartTag> tags) {
        Path dir = directory(key, uploadId);
        long partSize = partSize(dir);
        List<StoredPart> stored = list(dir);
        MessageDigest digests = LocalObjectStore.sha256();
        long total = 0;
        for (int i = 0; i < tags.size(); i++) {
            PartTag tag = tags.get(i);
            if (tag.partNumber() != i + 1) {
                throw new InvalidPartsException("parts must be listed from 1 without gaps");
            }
            StoredPart part = stored.stream()
                    .filter(p -> p.partNumber() == tag.partNumber() && p.etag().equals(tag.etag()))
                    .findFirst()
                    .orElseThrow(() -> new InvalidPartsException("part " + tag.partNumber()
                            + " with this ETag is not stored"));
            if (i < tags.size() - 1 && part.size() != partSize) {
                throw new InvalidPartsException("part " + tag.partNumber() + " is shorter than the part size");
            }
            total += part.size();
            digests.update(HexFormat.of().parseHex(tag.etag()));
        }
        try {
            Path data = dir.resolve(DATA_FILE);
            try (FileChannel channel = FileChannel.open(data, StandardOpenOption.WRITE)) {
                channel.truncate(total);
                channel.force(true);
            }
            store.moveIntoPlace(data, store.resolve(key));
            deleteTree(dir);
            return new ObjectInfo(key, total, HexFormat.of().formatHex(digests.digest()) + "-" + tags.size());
        } catch (IOException e) {
            throw new StorageException("Cannot assemble " + key, e);
        }
    }

    void abort(String key, String uploadId) {
        try {
            deleteTree(directory(key, uploadId));
        } catch (MultipartNotFoundException e) {
            // already completed or aborted: abort is idempotent
        } catch (IOException e) {
            throw new StorageException("Cannot abort the multipart upload of " + key, e);
        }
    }

    void forEach(String prefix, Consumer<OpenMultipart> each) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                Optional<String> key = readKey(dir);
                if (key.isPresent() && key.get().startsWith(prefix)) {
                    Instant initiated = Files.getLastModifiedTime(dir.resolve(KEY_FILE)).toInstant();
                    each.accept(new OpenMultipart(key.get(), dir.getFileName().toString(), initiated));
                }
            }
        } catch (IOException e) {
            throw new StorageException("Cannot list multipart uploads", e);
        }
    }

    /** Writes exactly {@code length} bytes into {@code file} at {@code offset}, synced; answers their hex SHA-256. */
    private static String writeAt(InputStream body, long length, Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            String etag = LocalObjectStore.copyExactly(body, length, channel, offset);
            channel.force(false);
            return etag;
        }
    }

    /** The upload's directory. It MUST belong to {@code key}: the id alone does not grant access. */
    private Path directory(String key, String uploadId) {
        if (uploadId == null || !uploadId.matches("[A-Za-z0-9_-]{32}")) {
            throw new MultipartNotFoundException(key);
        }
        Path dir = root.resolve(uploadId);
        if (!readKey(dir).map(key::equals).orElse(false)) {
            throw new MultipartNotFoundException(key);
        }
        return dir;
    }

    private static long partSize(Path dir) {
        try {
            return Long.parseLong(Files.readString(dir.resolve(PART_SIZE_FILE)).strip());
        } catch (IOException | NumberFormatException e) {
            throw new StorageException("Cannot read a multipart upload", e);
        }
    }

    private static Optional<String> readKey(Path dir) {
        try {
            return Optional.of(Files.readString(dir.resolve(KEY_FILE), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException("Cannot read a multipart upload", e);
        }
    }

    private static List<StoredPart> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(LocalMultipart::part).flatMap(Optional::stream)
                    .sorted(Comparator.comparingInt(StoredPart::partNumber)).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new StorageException("Cannot list parts", e);
        }
    }

    private static Optional<StoredPart> part(Path marker) {
        String name = marker.getFileName().toString();
        if (!name.matches("[0-9]{1,5}\\.[0-9a-f]{64}")) {
            return Optional.empty();
        }
        int dot = name.indexOf('.');
        try {
            long length = Long.parseLong(Files.readString(marker).strip());
            String etag = name.substring(dot + 1);
            return Optional.of(new StoredPart(Integer.parseInt(name.substring(0, dot)), etag, length,
                    LocalObjectStore.sha256Digest(etag)));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty(); // replaced while listing: the new marker is listed under its own name
        }
    }

    private static String markerName(int number, String etag) {
        return number + "." + etag;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
        } catch (NoSuchFileException e) {
            return;
        }
        Files.deleteIfExists(dir);
    }
}
