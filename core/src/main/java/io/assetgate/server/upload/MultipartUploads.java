package io.assetgate.server.upload;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import io.assetgate.server.storage.Checksum;
import io.assetgate.server.storage.InvalidPartsException;
import io.assetgate.server.storage.MultipartNotFoundException;
import io.assetgate.server.storage.MultipartStore.PartTag;
import io.assetgate.server.storage.MultipartStore.StoredPart;
import io.assetgate.server.storage.MultipartStore;
import io.assetgate.server.storage.ObjectStore;
import io.assetgate.server.storage.SignedRequest;
import io.assetgate.server.web.ApiException;
import io.assetgate.server.web.ErrorCode;

/**
 * The store side of MULTIPART uploads for {@link UploadService}, which alone changes an
 * upload's state: planning part sizes within S3's limits, signing parts, listing what is
 * stored, and checking the client's part list before the store assembles it.
 */
@Component
class MultipartUploads {

    /** The most part numbers one {@code /parts} call signs. */
    static final int MAX_PARTS_PER_CALL = 100;
    private static final long MIB = 1024 * 1024;

    private final MultipartStore store;
    private final ObjectStore objects;
    private final UploadRepository uploads;
    private final UploadProperties properties;
    private final Clock clock;

    MultipartUploads(MultipartStore store, ObjectStore objects, UploadRepository uploads,
            UploadProperties properties, Clock clock) {
        this.store = store;
        this.objects = objects;
        this.uploads = uploads;
        this.properties = properties;
        this.clock = clock;
    }

    /** How a file of {@code size} bytes is cut into parts. */
    record Plan(long partSize, int partCount) {
    }

    /**
     * The configured part size, raised to S3's minimum, and raised further (to whole MiB) when
     * the file would otherwise need more than 10,000 parts.
     */
    static Plan plan(long size, long preferredPartSize) {
        long partSize = Math.max(preferredPartSize, MultipartStore.MIN_PART_SIZE);
        long needed = ceilDiv(size, MultipartStore.MAX_PARTS);
        if (partSize < needed) {
            partSize = ceilDiv(needed, MIB) * MIB;
        }
        partSize = Math.min(partSize, MultipartStore.MAX_PART_SIZE);
        return new Plan(partSize, (int) ceilDiv(size, partSize));
    }

    /** The exact length of part {@code number}: the part size, except for the last part. */
    static long partLength(Upload upload, int number) {
        long offset = (number - 1) * upload.partSize();
        return Math.min(upload.partSize(), upload.size() - offset);
    }

    /**
     * The upload with its store-side multipart upload started. Racing callers may both start
     * one; the record keeps the first and the loser's is aborted, so none is left behind.
     */
    Upload ensureStarted(Upload upload) {
        if (upload.multipartId() != null) {
            return upload;
        }
        String id = store.startMultipart(upload.objectKey(), upload.contentType(), upload.partSize());
        if (!uploads.setMultipartIdIfAbsent(upload.id(), id)) {
            store.abortMultipart(upload.objectKey(), id);
        }
        return uploads.findById(upload.id()).orElseThrow();
    }

    /** Signs the requested parts, each bound to its exact length; the URLs never outlive the upload. */
    List<PartTarget> sign(Upload upload, List<Integer> numbers) {
        checkNumbers(upload, numbers);
        Upload started = ensureStarted(upload);
        Duration left = Duration.between(clock.instant(), upload.expiresAt());
        Duration ttl = left.compareTo(properties.urlTtl()) < 0 ? left : properties.urlTtl();
        List<PartTarget> targets = new ArrayList<>();
        for (int number : numbers) {
            SignedRequest signed = store.signPart(started.objectKey(), started.multipartId(), number,
                    partLength(started, number), ttl);
            targets.add(new PartTarget(number, signed.method(), signed.url(), signed.headers(), signed.expiresAt()));
        }
        return targets;
    }

    /** The parts the store holds so far; none when the store-side upload is finished or not started. */
    List<StoredPart> stored(Upload upload) {
        if (upload.multipartId() == null) {
            return List.of();
        }
        try {
            return store.listParts(upload.objectKey(), upload.multipartId());
        } catch (MultipartNotFoundException e) {
            return List.of();
        }
    }

    /**
     * Checks the client's part list against the plan and the stored parts, then has the store
     * assemble the object. An object already assembled by an earlier complete is kept as is.
     * Part checksums in {@code unverified} that the store's own digests confirm are removed
     * from it (the rest are left for reading back).
     *
     * @return why a part does not match its checksum, or null when none is known not to
     */
    String assemble(Upload upload, List<PartRef> parts, Map<Integer, Checksum> unverified) {
        if (objects.stat(upload.objectKey()).isPresent()) {
            return null;
        }
        checkList(upload, parts);
        Map<Integer, StoredPart> stored = stored(upload).stream()
                .collect(Collectors.toMap(StoredPart::partNumber, Function.identity(), (a, b) -> b));
        List<ApiException.FieldError> wrongTags = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            PartRef ref = parts.get(i);
            StoredPart part = stored.get(ref.partNumber());
            if (part == null || part.size() != partLength(upload, ref.partNumber())) {
                throw new ApiException(ErrorCode.UPLOAD_INCOMPLETE, "Part " + ref.partNumber() + " is not stored");
            }
            if (!unquote(ref.etag()).equals(part.etag())) {
                wrongTags.add(new ApiException.FieldError("parts[" + i + "].etag", "does not match the stored part"));
            }
        }
        if (!wrongTags.isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "Some ETags do not match the stored parts", null,
                    wrongTags);
        }
        // The store digested each part as it arrived: a part checksum is checked against that.
        for (StoredPart part : stored.values()) {
            Checksum claimed = unverified.get(part.partNumber());
            if (claimed != null && part.digest() != null && part.digest().startsWith(claimed.algorithm() + ":")) {
                if (!claimed.equals(Checksum.parse(part.digest()))) {
                    return "part " + part.partNumber() + " does not match its " + claimed.algorithm() + " checksum";
                }
                unverified.remove(part.partNumber());
            }
        }
        try {
            store.completeMultipart(upload.objectKey(), upload.multipartId(),
                    parts.stream().map(p -> new PartTag(p.partNumber(), unquote(p.etag()))).toList());
        } catch (InvalidPartsException | MultipartNotFoundException e) {
            throw new ApiException(ErrorCode.UPLOAD_INCOMPLETE, "The store could not assemble the parts");
        }
        return null;
    }

    /**
     * For the reconciler: assembles the upload from the stored parts when every part is there
     * with its exact length. Answers false when a part is missing.
     */
    boolean assembleStored(Upload upload) {
        if (objects.stat(upload.objectKey()).isPresent()) {
            return true;
        }
        List<StoredPart> stored = stored(upload);
        if (stored.size() != upload.partCount()) {
            return false;
        }
        for (StoredPart part : stored) {
            if (part.size() != partLength(upload, part.partNumber())) {
                return false;
            }
        }
        try {
            store.completeMultipart(upload.objectKey(), upload.multipartId(),
                    stored.stream().map(p -> new PartTag(p.partNumber(), p.etag())).toList());
            return true;
        } catch (InvalidPartsException | MultipartNotFoundException e) {
            return false;
        }
    }

    /** Frees the parts of an upload that will not complete. */
    void discard(Upload upload) {
        if (upload.mode() == UploadMode.MULTIPART && upload.multipartId() != null) {
            store.abortMultipart(upload.objectKey(), upload.multipartId());
        }
    }

    /** Aborts a store-side multipart upload that no record refers to. */
    void abortOrphan(String key, String multipartId) {
        store.abortMultipart(key, multipartId);
    }

    private static void checkNumbers(Upload upload, List<Integer> numbers) {
        if (numbers == null || numbers.isEmpty() || numbers.size() > MAX_PARTS_PER_CALL) {
            throw ApiException.validation("partNumbers", "must list 1 to " + MAX_PARTS_PER_CALL + " part numbers");
        }
        Set<Integer> seen = new HashSet<>();
        for (Integer number : numbers) {
            if (number == null || number < 1 || number > upload.partCount() || !seen.add(number)) {
                throw ApiException.validation("partNumbers",
                        "must be distinct numbers from 1 to " + upload.partCount());
            }
        }
    }

    private static void checkList(Upload upload, List<PartRef> parts) {
        if (parts == null || parts.isEmpty()) {
            throw ApiException.validation("parts", "must list the uploaded parts with their ETags");
        }
        for (int i = 0; i < parts.size(); i++) {
            PartRef ref = parts.get(i);
            if (ref == null || ref.partNumber() == null || ref.partNumber() < 1
                    || ref.partNumber() > upload.partCount()) {
                throw ApiException.validation("parts[" + i + "].partNumber",
                        "must be from 1 to " + upload.partCount());
            }
            if (i > 0 && ref.partNumber() <= parts.get(i - 1).partNumber()) {
                throw ApiException.validation("parts[" + i + "].partNumber", "must be ascending and distinct");
            }
            if (ref.etag() == null || ref.etag().isBlank()) {
                throw ApiException.validation("parts[" + i + "].etag", "is required");
            }
        }
        if (parts.size() < upload.partCount()) {
            Set<Integer> listed = parts.stream().map(PartRef::partNumber).collect(Collectors.toSet());
            int missing = 1;
            while (listed.contains(missing)) {
                missing++;
            }
            throw new ApiException(ErrorCode.UPLOAD_INCOMPLETE, "Part " + missing + " of " + upload.partCount()
                    + " is missing from the list");
        }
    }

    private static String unquote(String etag) {
        String e = etag.strip();
        return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /**
     * A part as the client lists it at complete; {@code checksum}, optional, is the client's
     * checksum of the part's bytes ({@code sha256:} or {@code md5:} and base64).
     */
    record PartRef(Integer partNumber, String etag, String checksum) {
    }

    /** A signed part URL as {@code POST /parts} answers it. */
    record PartTarget(int partNumber, String method, String url, Map<String, String> headers,
            java.time.Instant expiresAt) {
    }
}
