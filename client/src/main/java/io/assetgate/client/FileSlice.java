package io.assetgate.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.function.LongConsumer;

/**
 * A byte range of a file read as a stream, so a body goes out without ever being held in
 * memory. It reports each chunk read, and stops with an error once cancelled.
 */
final class FileSlice extends InputStream {

    private static final int HASH_BUFFER = 1 << 20;

    private final FileChannel channel;
    private final LongConsumer onRead;
    private final Cancellation cancellation;
    private long position;
    private final long end;

    FileSlice(Path file, long offset, long length, LongConsumer onRead, Cancellation cancellation) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.position = offset;
        this.end = offset + length;
        this.onRead = onRead;
        this.cancellation = cancellation;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (cancellation.isCancelled()) {
            throw new IOException("cancelled");
        }
        if (position >= end) {
            return -1;
        }
        int want = (int) Math.min(len, end - position);
        int n = channel.read(ByteBuffer.wrap(b, off, want), position);
        if (n < 0) {
            throw new IOException("the file became shorter while it was being sent");
        }
        position += n;
        onRead.accept(n);
        return n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** {@code sha256:<base64>} of the whole file, read once. */
    static String sha256(Path file, Cancellation cancellation) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(HASH_BUFFER);
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
