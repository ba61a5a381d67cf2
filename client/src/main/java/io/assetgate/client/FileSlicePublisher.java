package io.assetgate.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * A request body that streams a byte range of a file in 256 KiB chunks, only as fast as the
 * HTTP client asks for them: memory stays flat whatever the file size. Larger chunks than the
 * JDK's default 16 KiB roughly halve the time spent per byte on a fast link. It reports each
 * chunk read, and fails the body once cancelled.
 *
 * <p>With an algorithm, it also digests the bytes as it hands them out, so the checksum costs
 * no second reading of the file; {@link #checksum()} is that of the last subscription that
 * read the whole range (the HTTP client may subscribe again when it retries on its own).
 */
final class FileSlicePublisher implements Flow.Publisher<ByteBuffer> {

    static final int CHUNK = 256 * 1024;

    private final Path file;
    private final long offset;
    private final long length;
    private final LongConsumer onRead;
    private final Cancellation cancellation;
    private final String algorithm;
    private volatile String checksum;

    FileSlicePublisher(Path file, long offset, long length, LongConsumer onRead, Cancellation cancellation,
            String algorithm) {
        this.file = file;
        this.offset = offset;
        this.length = length;
        this.onRead = onRead;
        this.cancellation = cancellation;
        this.algorithm = algorithm;
    }

    /** The checksum of the range as last read whole, or null (none yet, or no algorithm). */
    String checksum() {
        return checksum;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(e);
            return;
        }
        subscriber.onSubscribe(new Slice(subscriber, channel));
    }

    /** Emits chunks on demand; a drain loop keeps re-entrant requests from recursing. */
    private final class Slice implements Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final FileChannel channel;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger wip = new AtomicInteger();
        private final MessageDigest digest = algorithm == null ? null : Checksums.newDigest(algorithm);
        private long position = offset;
        private volatile boolean finished;

        Slice(Flow.Subscriber<? super ByteBuffer> subscriber, FileChannel channel) {
            this.subscriber = subscriber;
            this.channel = channel;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                fail(new IllegalArgumentException("demand must be positive"));
                return;
            }
            demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            drain();
        }

        @Override
        public void cancel() {
            finished = true;
            closeQuietly();
        }

        private void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            do {
                while (!finished && demand.get() > 0) {
                    emitOne();
                }
                missed = wip.addAndGet(-missed);
            } while (missed != 0);
        }

        private void emitOne() {
            long end = offset + length;
            if (position >= end) {
                finished = true;
                closeQuietly();
                if (digest != null) {
                    checksum = Checksums.format(algorithm, digest);
                }
                subscriber.onComplete();
                return;
            }
            if (cancellation.isCancelled()) {
                fail(new IOException("cancelled"));
                return;
            }
            try {
                ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK, end - position));
                while (chunk.hasRemaining()) {
                    int n = channel.read(chunk, position + chunk.position());
                    if (n < 0) {
                        throw new IOException("the file became shorter while it was being sent");
                    }
                }
                chunk.flip();
                if (digest != null) {
                    digest.update(chunk.array(), 0, chunk.remaining());
                }
                position += chunk.remaining();
                demand.decrementAndGet();
                onRead.accept(chunk.remaining());
                subscriber.onNext(chunk);
            } catch (IOException e) {
                fail(e);
            }
        }

        private void fail(Throwable error) {
            finished = true;
            closeQuietly();
            subscriber.onError(error);
        }

        private void closeQuietly() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Reading is over either way.
            }
        }
    }
}
