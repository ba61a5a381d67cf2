package io.assetgate.server.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.assetgate.server.storage.Checksum;
import io.assetgate.server.storage.ObjectInfo;
import io.assetgate.server.storage.ObjectStore;
import io.assetgate.server.storage.StorageUnavailableException;

/**
 * Checks a stored object against its upload's declaration: exact size, the checksum when
 * one was declared (at create or at complete), the checksums of its parts when the client
 * named them, and leading bytes that match the declared type.
 *
 * <p>Reading a large object back is the slowest step of an upload, so it is avoided when the
 * store already digested the bytes as they arrived ({@link ObjectInfo#digest()}) with the
 * algorithm of the checksum to check: then only the leading bytes are read.
 */
@Component
class UploadVerifier {

    private final ObjectStore store;
    private final ContentSniffer sniffer;

    public UploadVerifier(ObjectStore store, ContentSniffer sniffer) {
        this.store = store;
        this.sniffer = sniffer;
    }

    /** The outcome of a verification. {@code mismatch} is null when the object is good. */
    public record Result(boolean stored, String mismatch) {
        public boolean ok() {
            return stored && mismatch == null;
        }
    }

    /** Verifies against what the upload declared at create. */
    public Result verify(Upload upload) {
        return verify(upload, upload.checksum(), Map.of());
    }

    /**
     * Verifies the object against {@code checksum} (of the whole object, or null) and
     * {@code partChecksums} (of MULTIPART parts by number, that the store could not vouch for).
     */
    public Result verify(Upload upload, Checksum checksum, Map<Integer, Checksum> partChecksums) {
        Optional<ObjectInfo> info = store.stat(upload.objectKey());
        if (info.isEmpty()) {
            return new Result(false, null);
        }
        if (info.get().size() != upload.size()) {
            return new Result(true, "stored " + info.get().size() + " bytes where " + upload.size() + " were declared");
        }
        boolean vouched = checksum != null && info.get().digest() != null
                && info.get().digest().startsWith(checksum.algorithm() + ":");
        if (vouched && !checksum.equals(Checksum.parse(info.get().digest()))) {
            return new Result(true, mismatch(checksum));
        }
        Reading reading = new Reading(vouched ? null : checksum, partChecksums, upload.partSize());
        int probe = (int) Math.min(ContentSniffer.PROBE_BYTES, upload.size());
        byte[] head;
        try {
            head = reading.needed() ? readAll(upload.objectKey(), probe, reading) : store.readHead(upload.objectKey(), probe);
        } catch (IOException | UncheckedIOException e) {
            // A read that breaks off is the store's failure, not the upload's: retryable (503).
            throw new StorageUnavailableException("Cannot read " + upload.objectKey(), e, Duration.ofSeconds(5));
        }
        String mismatch = reading.mismatch();
        if (mismatch != null) {
            return new Result(true, mismatch);
        }
        if (!sniffer.matches(upload.contentType(), head)) {
            return new Result(true, "the content is not " + upload.contentType());
        }
        return new Result(true, null);
    }

    /** Reads the whole object once into {@code reading}, answering its first {@code probe} bytes. */
    private byte[] readAll(String key, int probe, Reading reading) throws IOException {
        try (InputStream in = store.open(key)) {
            byte[] head = in.readNBytes(probe);
            reading.update(head, head.length);
            byte[] buffer = new byte[256 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                reading.update(buffer, n);
            }
            return head;
        }
    }

    private static String mismatch(Checksum checksum) {
        return "the content does not match the declared " + checksum.algorithm() + " checksum";
    }

    /** Digests of the whole object and of the claimed parts, fed as the object is read once. */
    private static final class Reading {
        private final Checksum whole;
        private final MessageDigest wholeDigest;
        private final Map<Integer, Checksum> parts;
        private final long partSize;
        private long position;
        private int part = 1;
        private MessageDigest partDigest;
        private String mismatch;

        Reading(Checksum whole, Map<Integer, Checksum> parts, Long partSize) {
            this.whole = whole;
            this.wholeDigest = whole == null ? null : whole.newDigest();
            this.parts = partSize == null ? Map.of() : parts;
            this.partSize = partSize == null ? Long.MAX_VALUE : partSize;
            this.partDigest = partDigestFor(1);
        }

        boolean needed() {
            return wholeDigest != null || !parts.isEmpty();
        }

        void update(byte[] bytes, int length) {
            if (wholeDigest != null) {
                wholeDigest.update(bytes, 0, length);
            }
            if (parts.isEmpty()) {
                return;
            }
            int offset = 0;
            while (offset < length) {
                long partEnd = part * partSize;
                int n = (int) Math.min(length - offset, partEnd - position);
                if (partDigest != null) {
                    partDigest.update(bytes, offset, n);
                }
                offset += n;
                position += n;
                if (position == partEnd) {
                    finishPart();
                }
            }
        }

        String mismatch() {
            if (partDigest != null) {
                finishPart(); // the last part, shorter than the others
            }
            if (mismatch == null && wholeDigest != null && !whole.matches(wholeDigest.digest())) {
                mismatch = UploadVerifier.mismatch(whole);
            }
            return mismatch;
        }

        private void finishPart() {
            if (partDigest != null && mismatch == null && !parts.get(part).matches(partDigest.digest())) {
                mismatch = "part " + part + " does not match its " + parts.get(part).algorithm() + " checksum";
            }
            part++;
            partDigest = partDigestFor(part);
        }

        private MessageDigest partDigestFor(int number) {
            Checksum claimed = parts.get(number);
            return claimed == null ? null : claimed.newDigest();
        }
    }
}
