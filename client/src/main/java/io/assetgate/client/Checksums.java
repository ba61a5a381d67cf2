package io.assetgate.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The contract's checksum of a file, {@code sha256:<base64>}, read once in 1 MiB steps. */
final class Checksums {

    private static final int BUFFER = 1 << 20;

    private Checksums() {
    }

    static String sha256(Path file, Cancellation cancellation) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
            while (in.read(buffer) >= 0) {
                cancellation.check();
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
        }
        return "sha256:" + Base64.getEncoder().encodeToString(digest.digest());
    }
}
