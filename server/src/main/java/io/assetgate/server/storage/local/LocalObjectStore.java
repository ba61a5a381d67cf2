package io.assetgate.server.storage.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.assetgate.server.storage.DownloadSpec;
import io.assetgate.server.storage.MultipartStore;
import io.assetgate.server.storage.ObjectInfo;
import io.assetgate.server.storage.ObjectKeys;
import io.assetgate.server.storage.ObjectNotFoundException;
import io.assetgate.server.storage.ObjectStore;
import io.assetgate.server.storage.SignedRequest;
import io.assetgate.server.storage.StorageException;
import io.assetgate.server.storage.StoreInventory;
import io.assetgate.server.storage.UploadSpec;

/**
 * The embedded object store: objects are files under {@code <data-dir>/objects}, and links
 * point at this server's own {@code /store} endpoint, signed with a key kept in the data dir.
 *
 * <p>Every write goes to a temporary file in the same file system, is fsynced, and is then
 * moved into place atomically, so a crash never leaves a half-written object visible.
 * Multipart uploads ({@link LocalMultipart}) get their own signed part links.
 *
 * <p>Like S3 with its MD5 ETags, the store digests every object and part as it arrives; here
 * with SHA-256, which is over twice as fast as MD5 on current CPUs. The digest is the ETag, and
 * a single object keeps it in an extended attribute written before the atomic move, so
 * {@link #stat} reports it without reading the object. On a file system without user extended
 * attributes the digest is simply not reported, and verification reads the object instead.
 */
public class LocalObjectStore implements ObjectStore, MultipartStore, StoreInventory {

    /** Header carrying a declared SHA-256 checksum on a signed PUT, base64. */
    static final String SHA256_HEADER = "X-Checksum-Sha256";
    static final String MD5_HEADER = "Content-MD5";

    private final Path root;
    private final Path tmp;
    private final Path multipartRoot;
    private final LocalMultipart multipart;
    private final LocalUrlSigner signer;
    private final String baseUrl;
    private final Clock clock;

    public LocalObjectStore(Path root, byte[] signingKey, String baseUrl, Clock clock) {
        this.root = root.toAbsolutePath().normalize();
        this.tmp = this.root.resolve(".tmp");
        this.multipartRoot = this.root.resolve(".multipart");
        this.multipart = new LocalMultipart(this, multipartRoot);
        this.signer = new LocalUrlSigner(signingKey);
        this.baseUrl = baseUrl;
        this.clock = clock;
        try {
            Files.createDirectories(tmp);
            Files.createDirectories(multipartRoot);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the local store at " + this.root, e);
        }
    }

    LocalUrlSigner signer() {
        return signer;
    }

    Clock clock() {
        return clock;
    }

    LocalMultipart multipart() {
        return multipart;
    }

    @Override
    public SignedRequest signUpload(String key, UploadSpec spec, Duration ttl) {
        Instant expiresAt = clock.instant().plus(ttl);
        String exp = expirySeconds(expiresAt);
        String sum = spec.checksum() == null ? "" : spec.checksum().toString();
        String signature = signer.sign("PUT", key, exp, Long.toString(spec.length()), spec.contentType(), sum);
        StringBuilder url = new StringBuilder(objectUrl(key))
                .append("?exp=").append(exp)
                .append("&len=").append(spec.length())
                .append("&type=").append(LocalUrlSigner.encode(spec.contentType()));
        if (!sum.isEmpty()) {
            url.append("&sum=").append(LocalUrlSigner.encode(sum));
        }
        url.append("&sig=").append(signature);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", spec.contentType());
        if (spec.checksum() != null) {
            headers.put(spec.checksum().algorithm().equals("md5") ? MD5_HEADER : SHA256_HEADER, spec.checksum().base64());
        }
        return new SignedRequest("PUT", url.toString(), headers, expiresAt);
    }

    @Override
    public SignedRequest signDownload(String key, DownloadSpec download, Duration ttl) {
        Instant expiresAt = clock.instant().plus(ttl);
        String exp = expirySeconds(expiresAt);
        String signature = signer.sign("GET", key, exp, download.contentType(), download.filename());
        String url = objectUrl(key) + "?exp=" + exp
                + "&type=" + LocalUrlSigner.encode(download.contentType())
                + "&name=" + LocalUrlSigner.encode(download.filename())
                + "&sig=" + signature;
        return new SignedRequest("GET", url, Map.of(), expiresAt);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        Path file = resolve(key);
        try {
            long size = Files.size(file);
            String etag = DigestAttribute.read(file);
            return Optional.of(new ObjectInfo(key, size, etag, sha256Digest(etag)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException("Cannot stat " + key, e);
        }
    }

    @Override
    public InputStream open(String key) {
        try {
            return Files.newInputStream(resolve(key));
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(key);
        } catch (IOException e) {
            throw new StorageException("Cannot open " + key, e);
        }
    }

    @Override
    public ObjectInfo put(String key, InputStream content, long length, String contentType) {
        Path target = resolve(key);
        Path part = newTempFile();
        try {
            String etag = writeExactly(content, length, part);
            moveIntoPlace(part, target);
            return new ObjectInfo(key, length, etag, sha256Digest(etag));
        } catch (IOException e) {
            deleteQuietly(part);
            throw new StorageException("Cannot write " + key + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(part);
            throw e;
        }
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(resolve(key));
        } catch (IOException e) {
            throw new StorageException("Cannot delete " + key, e);
        }
    }

    @Override
    public String startMultipart(String key, String contentType, long partSize) {
        resolve(key);
        return multipart.start(key, partSize);
    }

    @Override
    public SignedRequest signPart(String key, String uploadId, int partNumber, long length, Duration ttl) {
        Instant expiresAt = clock.instant().plus(ttl);
        String exp = expirySeconds(expiresAt);
        String part = Integer.toString(partNumber);
        String signature = signer.sign("PART", key, uploadId, part, exp, Long.toString(length));
        String url = objectUrl(key) + "?upload=" + uploadId + "&part=" + part + "&exp=" + exp + "&len=" + length
                + "&sig=" + signature;
        return new SignedRequest("PUT", url, Map.of(), expiresAt);
    }

    @Override
    public List<StoredPart> listParts(String key, String uploadId) {
        return multipart.listParts(key, uploadId);
    }

    @Override
    public ObjectInfo completeMultipart(String key, String uploadId, List<PartTag> parts) {
        return multipart.complete(key, uploadId, parts);
    }

    @Override
    public void abortMultipart(String key, String uploadId) {
        multipart.abort(key, uploadId);
    }

    @Override
    public void forEachObject(String prefix, Consumer<StoredObject> each) {
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(f -> !f.startsWith(tmp) && !f.startsWith(multipartRoot) && Files.isRegularFile(f))
                    .forEach(f -> {
                        String key = root.relativize(f).toString().replace('\\', '/');
                        if (key.startsWith(prefix)) {
                            try {
                                each.accept(new StoredObject(key, Files.size(f),
                                        Files.getLastModifiedTime(f).toInstant()));
                            } catch (IOException e) {
                                // deleted while listing: nothing to report
                            }
                        }
                    });
        } catch (IOException e) {
            throw new StorageException("Cannot list objects", e);
        }
    }

    @Override
    public void forEachMultipart(String prefix, Consumer<OpenMultipart> each) {
        multipart.forEach(prefix, each);
    }

    /** The file of {@code key}. Keys MUST stay inside the root: no traversal, no absolute paths. */
    Path resolve(String key) {
        if (!ObjectKeys.isWellFormed(key)) {
            throw new ObjectNotFoundException(key);
        }
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root) || file.startsWith(tmp) || file.startsWith(multipartRoot)) {
            throw new ObjectNotFoundException(key);
        }
        return file;
    }

    Path newTempFile() {
        return tmp.resolve(UUID.randomUUID().toString());
    }

    @Override
    public String arrivalDigestAlgorithm() {
        return "sha256";
    }

    /**
     * Copies exactly {@code length} bytes to {@code file} and fsyncs it, returning the hex
     * SHA-256 used as the ETag, which is also kept with the file. Fewer bytes, or more, is an error.
     */
    String writeExactly(InputStream content, long length, Path file) throws IOException {
        String etag;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            etag = copyExactly(content, length, channel, 0);
            channel.force(true);
        }
        DigestAttribute.write(file, etag);
        return etag;
    }

    /**
     * Copies exactly {@code length} bytes from {@code content} into {@code channel} from
     * {@code offset}, answering their hex SHA-256. Fewer bytes, or more, is an error. The one
     * copy loop of this store: single objects and parts alike.
     */
    static String copyExactly(InputStream content, long length, FileChannel channel, long offset) throws IOException {
        MessageDigest sha256 = sha256();
        byte[] buffer = new byte[256 * 1024];
        long written = 0;
        int n;
        while ((n = content.read(buffer, 0, (int) Math.min(buffer.length, length + 1 - written))) > 0) {
            if (written + n > length) {
                throw new LengthMismatchException("more than the declared " + length + " bytes");
            }
            sha256.update(buffer, 0, n);
            ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
            while (chunk.hasRemaining()) {
                channel.write(chunk, offset + written + chunk.position());
            }
            written += n;
        }
        if (written != length) {
            throw new LengthMismatchException(written + " bytes where " + length + " were declared");
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** The API's checksum form (docs/api.md) of a hex SHA-256, or null for null. */
    static String sha256Digest(String hex) {
        return hex == null ? null : "sha256:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }

    void moveIntoPlace(Path part, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("The data dir must support atomic moves", e);
        }
    }

    /**
     * Puts {@code part} at {@code target} only if nothing is there yet, atomically: a hard link
     * fails when the target exists, where a rename would replace it. The temporary name is
     * removed either way. Answers false when an object was already there.
     */
    boolean linkIntoPlaceIfAbsent(Path part, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try {
            Files.createLink(target, part);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            deleteQuietly(part);
        }
    }

    /** True when an object is stored at {@code key}. */
    boolean exists(String key) {
        return Files.exists(resolve(key));
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a stray temp file is harmless; the reconciler removes old ones
        }
    }

    private String objectUrl(String key) {
        return baseUrl + LocalStoreController.PATH + "/" + key;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body was longer or shorter than the length that was signed or declared. */
    static final class LengthMismatchException extends StorageException {
        LengthMismatchException(String message) {
            super(message);
        }
    }

    /**
     * The URL's {@code exp}, in whole seconds, rounded up: rounded down, a link signed at x.9 s
     * with a one-second lifetime would already be dead at x+1 s, a tenth of what was promised.
     */
    private static String expirySeconds(Instant expiresAt) {
        return Long.toString(expiresAt.getEpochSecond() + (expiresAt.getNano() > 0 ? 1 : 0));
    }
}
