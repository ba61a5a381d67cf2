package io.assetgate.server.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The storage port: the few operations Assetgate needs from an object store, in the spirit
 * of ActiveStorage's {@code Service}. Adapters live in sibling packages ({@code local},
 * {@code s3}) and translate their backend's errors into {@link StorageException}s at the
 * boundary; no backend type crosses this interface.
 *
 * <p>Keys are made by the server ({@link ObjectKeys}) and never come from user input.
 */
public interface ObjectStore {

    /**
     * Signs a direct upload: a single PUT of exactly {@code spec.length()} bytes of
     * {@code spec.contentType()} to {@code key}, valid for {@code ttl}. The store itself MUST
     * refuse a request that changes the method, key, content type, length, declared checksum
     * or is sent after expiry. The client sends exactly {@link SignedRequest#headers()}.
     */
    SignedRequest signUpload(String key, UploadSpec spec, Duration ttl);

    /**
     * Signs a GET of {@code key} valid for {@code ttl}. The response MUST carry
     * {@code Content-Disposition: attachment} with {@code download.filename()}, so a stored
     * file is never rendered inline.
     */
    SignedRequest signDownload(String key, DownloadSpec download, Duration ttl);

    /** Size and tag of the stored object, or empty when there is none. */
    Optional<ObjectInfo> stat(String key);

    /**
     * Opens the object for reading from its first byte.
     *
     * @throws ObjectNotFoundException when the key holds no object
     */
    InputStream open(String key);

    /**
     * Reads the object's first {@code length} bytes, or all of it when it is shorter. An adapter
     * whose backend can send just those bytes (S3's ranged GET) asks for no more, so a look at a
     * large object's head does not start a transfer of the whole object.
     *
     * @throws ObjectNotFoundException when the key holds no object
     * @throws UncheckedIOException when reading breaks off
     */
    default byte[] readHead(String key, int length) {
        try (InputStream in = open(key)) {
            return in.readNBytes(length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stores {@code length} bytes read from {@code content} under {@code key}, replacing any
     * object there. Used for server-written objects and the proxied upload path. The object
     * becomes visible only when it has been written completely.
     *
     * @throws StorageException when fewer or more than {@code length} bytes arrive
     */
    ObjectInfo put(String key, InputStream content, long length, String contentType);

    /**
     * Stores the whole file at {@code file} under {@code key}, as {@link #put}. Use it for bytes
     * that are in a file: unlike a stream, a file can be read again, so an adapter can resend it
     * when an attempt fails on the way (S3's SDK retries a request whose pooled connection the
     * store had closed, and cannot with a stream it has already read).
     */
    default ObjectInfo putFile(String key, Path file, String contentType) {
        try (InputStream content = Files.newInputStream(file)) {
            return put(key, content, Files.size(file), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the object. Deleting a missing object succeeds: delete is idempotent. */
    void delete(String key);

    /**
     * The checksum algorithm ({@code sha256} or {@code md5}) of the digests this store computes
     * itself as bytes arrive, and reports in {@link ObjectInfo#digest()} for single PUTs and in
     * {@link MultipartStore.StoredPart#digest()} for parts; null when it computes none. A client
     * that computes this checksum while sending lets the server verify the upload without
     * reading it back.
     */
    default String arrivalDigestAlgorithm() {
        return null;
    }
}
