package io.assetgate.server.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.assetgate.server.security.Owner;
import io.assetgate.server.storage.Checksum;
import io.assetgate.server.storage.DownloadSpec;
import io.assetgate.server.storage.ObjectInfo;
import io.assetgate.server.storage.ObjectKeys;
import io.assetgate.server.storage.ObjectStore;
import io.assetgate.server.storage.SignedRequest;
import io.assetgate.server.storage.UploadSpec;
import io.assetgate.server.storage.local.LocalObjectStore;
import io.assetgate.server.support.TestFiles;

/**
 * How much of an object verification reads: only the leading bytes when the store's own
 * digest vouches for the checksum, the whole object otherwise. Runs on the real local store,
 * counting the bytes it hands out.
 */
class UploadVerifierReadsTest {

    @TempDir
    Path dir;

    private final AtomicLong bytesRead = new AtomicLong();

    @Test
    void aChecksumTheStoreDigestedIsCheckedWithoutReadingTheObject() {
        byte[] jpeg = padded(TestFiles.jpeg(64, 64), 3 * 1024 * 1024);
        Fixture f = store(jpeg);

        var result = f.verifier.verify(f.upload, Checksum.parse(TestFiles.sha256(jpeg)), Map.of());

        assertThat(result.ok()).isTrue();
        assertThat(bytesRead.get()).isLessThanOrEqualTo(ContentSniffer.PROBE_BYTES);
    }

    @Test
    void aWrongChecksumTheStoreDigestedIsRefusedWithoutReadingTheObject() {
        byte[] jpeg = padded(TestFiles.jpeg(64, 64), 3 * 1024 * 1024);
        Fixture f = store(jpeg);

        var result = f.verifier.verify(f.upload, Checksum.parse(TestFiles.sha256(TestFiles.jpeg(8, 8))), Map.of());

        assertThat(result.mismatch()).contains("sha256");
        assertThat(bytesRead.get()).isZero();
    }

    @Test
    void anotherAlgorithmIsCheckedByReadingTheWholeObject() {
        byte[] jpeg = padded(TestFiles.jpeg(64, 64), 3 * 1024 * 1024);
        Fixture f = store(jpeg);

        assertThat(f.verifier.verify(f.upload, Checksum.parse(TestFiles.md5(jpeg)), Map.of()).ok()).isTrue();
        assertThat(bytesRead.get()).isEqualTo(jpeg.length);

        var wrong = f.verifier.verify(f.upload, Checksum.parse(TestFiles.md5(TestFiles.jpeg(8, 8))), Map.of());
        assertThat(wrong.mismatch()).contains("md5");
    }

    private record Fixture(UploadVerifier verifier, Upload upload) {
    }

    private Fixture store(byte[] bytes) {
        LocalObjectStore local = new LocalObjectStore(dir, new byte[32], "http://localhost", Clock.systemUTC());
        String key = ObjectKeys.newOriginalKey();
        local.put(key, new ByteArrayInputStream(bytes), bytes.length, "image/jpeg");
        Instant now = Instant.now();
        Upload upload = new Upload("u1", "a1", new Owner("issuer", "subject"), null, "hash", "photo.jpg", "image/jpeg",
                bytes.length, null, key, UploadMode.SINGLE, UploadState.PENDING, null, null, null, null, now,
                now.plusSeconds(300), null);
        return new Fixture(new UploadVerifier(new Counting(local), new ContentSniffer()), upload);
    }

    /** A JPEG followed by filler, so that reading it all is clearly more than its head. */
    private static byte[] padded(byte[] jpeg, int length) {
        byte[] bytes = TestFiles.random(length);
        System.arraycopy(jpeg, 0, bytes, 0, jpeg.length);
        return bytes;
    }

    /** The store, counting every byte read from it. */
    private final class Counting implements ObjectStore {
        private final ObjectStore store;

        Counting(ObjectStore store) {
            this.store = store;
        }

        @Override
        public InputStream open(String key) {
            return new FilterInputStream(store.open(key)) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        bytesRead.incrementAndGet();
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    if (n > 0) {
                        bytesRead.addAndGet(n);
                    }
                    return n;
                }
            };
        }

        @Override
        public SignedRequest signUpload(String key, UploadSpec spec, Duration ttl) {
            return store.signUpload(key, spec, ttl);
        }

        @Override
        public SignedRequest signDownload(String key, DownloadSpec download, Duration ttl) {
            return store.signDownload(key, download, ttl);
        }

        @Override
        public Optional<ObjectInfo> stat(String key) {
            return store.stat(key);
        }

        @Override
        public ObjectInfo put(String key, InputStream content, long length, String contentType) {
            return store.put(key, content, length, contentType);
        }

        @Override
        public void delete(String key) {
            store.delete(key);
        }
    }
}
