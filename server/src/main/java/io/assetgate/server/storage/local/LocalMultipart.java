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
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.assetgate.server.storage.InvalidPartsException;
import io.assetgate.server.storage.MultipartNotFoundException;
import io.assetgate.server.storage.MultipartStore;
import io.assetgate.server.storage.MultipartStore.PartTag;
import io.assetgate.server.storage.MultipartStore.StoredPart;
import io.assetgate.server.storage.ObjectInfo;
import io.assetgate.server.storage.StorageException;
import io.assetgate.server.storage.StoreInventory.OpenMultipart;

/**
 * The local store's multipart uploads, kept as files under {@code <objects>/.multipart}:
 * <pre>
 *   .multipart/&lt;upload id&gt;/key              the object key the parts are for
 *   .multipart/&lt;upload id&gt;/&lt;n&gt;.&lt;md5 hex&gt;   part n, named by its ETag
 * </pre>
 * A part is written to a temporary file and moved into place, so a listed part is always
 * whole. Complete concatenates the parts into a temporary file and moves it to the key.
 */
final class LocalMultipart {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String KEY_FILE = "key";

    private final LocalObjectStore store;
    private final Path root;

    LocalMultipart(LocalObjectStore store, Path root) {
        this.store = store;
        this.root = root;
    }

    String start(String key) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        try {
            Path dir = Files.createDirectories(root.resolve(id));
            Files.writeString(dir.resolve(KEY_FILE), key, StandardOpenOption.CREATE_NEW, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new StorageException("Cannot start a multipart upload for " + key, e);
        }
        return id;
    }

    /** Writes part {@code number} of exactly {@code length} bytes; answers its ETag (hex MD5). */
    String putPart(String key, String uploadId, int number, InputStream body, long length) throws IOException {
        Path dir = directory(key, uploadId);
        Path tmp = store.newTempFile();
        try {
            String etag = store.writeExactly(body, length, tmp);
            for (StoredPart old : list(dir)) {
                if (old.partNumber() == number) {
                    LocalObjectStore.deleteQuietly(dir.resolve(fileName(old)));
                }
            }
            store.moveIntoPlace(tmp, dir.resolve(number + "." + etag));
            return etag;
        } finally {
            LocalObjectStore.deleteQuietly(tmp);
        }
    }

    List<StoredPart> listParts(String key, String uploadId) {
        return list(directory(key, uploadId));
    }

    ObjectInfo complete(String key, String uploadId, List<PartTag> tags) {
        Path dir = directory(key, uploadId);
        List<Path> files = new ArrayList<>();
        MessageDigest md5s = md5();
        for (int i = 0; i < tags.size(); i++) {
            PartTag tag = tags.get(i);
            if (tag.etag() == null || !tag.etag().matches("[0-9a-f]{32}")) {
                throw new InvalidPartsException("part " + tag.partNumber() + " has no valid ETag");
            }
            Path file = dir.resolve(tag.partNumber() + "." + tag.etag());
            if (!Files.isRegularFile(file)) {
                throw new InvalidPartsException("part " + tag.partNumber() + " with this ETag is not stored");
            }
            if (i < tags.size() - 1 && size(file) < MultipartStore.MIN_PART_SIZE) {
                throw new InvalidPartsException("part " + tag.partNumber() + " is smaller than the minimum");
            }
            files.add(file);
            md5s.update(HexFormat.of().parseHex(tag.etag()));
        }
        Path tmp = store.newTempFile();
        try {
            long size = concatenate(files, tmp);
            store.moveIntoPlace(tmp, store.resolve(key));
            deleteTree(dir);
            return new ObjectInfo(key, size, HexFormat.of().formatHex(md5s.digest()) + "-" + tags.size());
        } catch (IOException e) {
            throw new StorageException("Cannot assemble " + key, e);
        } finally {
            LocalObjectStore.deleteQuietly(tmp);
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

    private static Optional<StoredPart> part(Path file) {
        String name = file.getFileName().toString();
        int dot = name.indexOf('.');
        if (dot < 1 || !name.matches("[0-9]{1,5}\\.[0-9a-f]{32}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new StoredPart(Integer.parseInt(name.substring(0, dot)), name.substring(dot + 1),
                    Files.size(file)));
        } catch (IOException e) {
            return Optional.empty(); // replaced while listing: the new one is listed under its own name
        }
    }

    private static String fileName(StoredPart part) {
        return part.partNumber() + "." + part.etag();
    }

    private static long concatenate(List<Path> parts, Path target) throws IOException {
        long total = 0;
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (Path part : parts) {
                try (FileChannel in = FileChannel.open(part, StandardOpenOption.READ)) {
                    long size = in.size();
                    long done = 0;
                    while (done < size) {
                        done += in.transferTo(done, size - done, out);
                    }
                    total += size;
                }
            }
            out.force(true);
        }
        return total;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new StorageException("Cannot read a part", e);
        }
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

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
