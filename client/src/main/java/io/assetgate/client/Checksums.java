package io.assetgate.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The API's checksums (docs/api.md), {@code sha256:<base64>} or {@code md5:<base64>}. Uploads compute
 * them while the bytes are sent ({@link FileSlicePublisher}); reading a file just for its
 * checksum is left for resuming, where the bytes went up in an earlier process.
 */
final class Checksums {

    /** The algorithm used when the server names none. */
    static final String DEFAULT_ALGORITHM = "sha256";
    private static final int BUFFER = 1 << 20;

    private Checksums() {
    }

    /** The algorithm to compute: the one the server's store digests itself, else SHA-256. */
    static String algorithmFor(UploadInfo upload) {
        String named = upload.checksumAlgorithm();
        return "md5".equals(named) || "sha256".equals(named) ? named : DEFAULT_ALGORITHM;
    }

    static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance("md5".equals(algorithm) ? "MD5" : "SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String format(String algorithm, MessageDigest digest) {
        return algorithm + ":" + Base64.getEncoder().encodeToString(digest.digest());
    }

    /** The checksum of {@code length} bytes of {@code file} from {@code offset}. */
    static String of(Path file, long offset, long length, String algorithm, Cancellation cancellation)
            throws IOException {
        MessageDigest digest = newDigest(algorithm);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
            long position = offset;
            long end = offset + length;
            while (position < end) {
                cancellation.check();
                buffer.limit((int) Math.min(BUFFER, end - position));
                int n = in.read(buffer, position);
                if (n < 0) {
                    break;
                }
                position += n;
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
        }
        return format(algorithm, digest);
    }
}
