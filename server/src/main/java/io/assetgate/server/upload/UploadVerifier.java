package io.assetgate.server.upload;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.assetgate.server.storage.ObjectInfo;
import io.assetgate.server.storage.ObjectStore;
import io.assetgate.server.storage.StorageUnavailableException;

/**
 * Checks a stored object against its upload's declaration: exact size, the checksum when
 * one was declared, and leading bytes that match the declared type. Reads the object once.
 */
@Component
public class UploadVerifier {

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

    public Result verify(Upload upload) {
        Optional<ObjectInfo> info = store.stat(upload.objectKey());
        if (info.isEmpty()) {
            return new Result(false, null);
        }
        if (info.get().size() != upload.size()) {
            return new Result(true, "stored " + info.get().size() + " bytes where " + upload.size() + " were declared");
        }
        Checksum checksum = upload.checksum();
        MessageDigest digest = checksum == null ? null : checksum.newDigest();
        byte[] head = new byte[(int) Math.min(ContentSniffer.PROBE_BYTES, upload.size())];
        try (InputStream in = store.open(upload.objectKey())) {
            int headLength = in.readNBytes(head, 0, head.length);
            if (digest != null) {
                digest.update(head, 0, headLength);
                byte[] buffer = new byte[256 * 1024];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    digest.update(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // A read that breaks off is the store's failure, not the upload's: retryable (503).
            throw new StorageUnavailableException("Cannot read " + upload.objectKey(), e, Duration.ofSeconds(5));
        }
        if (digest != null && !checksum.matches(digest.digest())) {
            return new Result(true, "the content does not match the declared " + checksum.algorithm() + " checksum");
        }
        if (!sniffer.matches(upload.contentType(), head)) {
            return new Result(true, "the content is not " + upload.contentType());
        }
        return new Result(true, null);
    }
}
