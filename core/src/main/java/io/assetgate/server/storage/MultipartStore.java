package io.assetgate.server.storage;

import java.time.Duration;
import java.util.List;

/**
 * The optional ability to receive one object as separately uploaded parts, in the spirit of
 * S3 multipart uploads. Kept apart from {@link ObjectStore} so the core port stays small.
 * Every adapter implements it, so clients need no special case.
 *
 * <p>Part numbers run from 1 to 10,000. Every part but the last holds at least
 * {@link #MIN_PART_SIZE} bytes and at most {@link #MAX_PART_SIZE}.
 */
public interface MultipartStore {

    /** S3's smallest part, except for the last one. */
    long MIN_PART_SIZE = 5L * 1024 * 1024;
    /** S3's largest part. */
    long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;
    /** S3's largest number of parts. */
    int MAX_PARTS = 10_000;

    /**
     * Starts receiving parts for {@code key} and answers the store's id of this multipart
     * upload. Nothing is visible at {@code key} until {@link #completeMultipart}. Every part
     * but the last will hold exactly {@code partSize} bytes (a store may use this to place
     * parts at their offsets as they arrive).
     */
    String startMultipart(String key, String contentType, long partSize);

    /**
     * Signs the PUT of part {@code partNumber}, exactly {@code length} bytes, valid for
     * {@code ttl}. The store itself MUST refuse another length, another part, another upload
     * or a request after expiry. Signing again (for instance after expiry) is always allowed.
     */
    SignedRequest signPart(String key, String uploadId, int partNumber, long length, Duration ttl);

    /**
     * The parts stored so far, by ascending part number.
     *
     * @throws MultipartNotFoundException when the upload was completed, aborted or never existed;
     *         some stores (S3Proxy) answer an empty list instead, so callers treat both alike
     */
    List<StoredPart> listParts(String key, String uploadId);

    /**
     * Assembles the listed parts, in order, into the object at {@code key}; the object appears
     * atomically and the parts are released.
     *
     * @throws InvalidPartsException when a listed part is not stored, or its tag differs
     * @throws MultipartNotFoundException when the upload was completed, aborted or never existed
     */
    ObjectInfo completeMultipart(String key, String uploadId, List<PartTag> parts);

    /** Discards the upload and every stored part. Aborting a missing upload succeeds. */
    void abortMultipart(String key, String uploadId);

    /**
     * A part the store holds. {@code digest} is the store's own checksum of the part's bytes,
     * computed as they arrived ({@code sha256:<base64>} or {@code md5:<base64>}), or null.
     */
    record StoredPart(int partNumber, String etag, long size, String digest) {
    }

    /** A part as the client names it at complete. */
    record PartTag(int partNumber, String etag) {
    }
}
