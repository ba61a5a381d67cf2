package io.assetgate.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A durable offline upload queue in a directory. {@link #add} persists the item before it
 * returns; a worker ({@link #start()} to keep going, {@link #drain()} to empty it once) sends
 * the items while the server is reachable, and backs off and probes while it is not.
 *
 * <p>Exactly once, even across {@code kill -9}: each item's declaration carries an
 * idempotency key derived from the item, and the upload id is persisted before any byte is
 * sent, so a restarted worker resumes that same upload (or re-declares it with the same key)
 * instead of creating another. Only one process at a time may work a queue directory.
 */
public final class UploadQueue implements AutoCloseable {

    private final AssetgateClient client;
    private final QueueStore store;
    private final Path lockFile;
    private final int concurrency;
    private final OfflineGate gate;
    private final Duration idlePoll;
    private final boolean reuseDuplicates;
    private final List<QueueListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> claimed = new HashSet<>();
    /** Items seen DONE or FAILED: not read again when looking for work (a queue may hold thousands). */
    private final Set<String> settled = new HashSet<>();
    private final List<Thread> workers = new ArrayList<>();
    private final Object monitor = new Object();
    private volatile boolean running;
    private FileChannel lockChannel;
    private FileLock lock;

    private UploadQueue(Builder b) {
        this.client = b.client;
        this.store = new QueueStore(b.dir);
        this.lockFile = b.dir.resolve("queue.lock");
        this.concurrency = b.concurrency;
        this.idlePoll = b.idlePoll;
        this.reuseDuplicates = b.reuseDuplicates;
        this.gate = new OfflineGate(b.offlineBackoff, b.idlePoll, () -> running && client.reachable(), listeners);
    }

    public static Builder builder(AssetgateClient client, Path dir) {
        return new Builder(client, dir);
    }

    /** Queues a file; it is on disk when this returns. */
    public QueueItem add(Path file) {
        return add(file, null, null);
    }

    /** Queues a file under a given name and type (null: the file's name, a guessed type). */
    public QueueItem add(Path file, String filename, String contentType) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw AssetgateException.fileUnreadable("No such file: " + file, null);
        }
        String name = filename != null ? filename : absolute.getFileName().toString();
        String type = contentType != null ? contentType : ContentTypes.guess(name);
        Instant now = Instant.now();
        // Ids begin with the time in hex, so that name order is arrival order.
        String id = String.format("%012x-%s", now.toEpochMilli(), UUID.randomUUID());
        QueueItem item = new QueueItem(id, absolute.toString(), name, type,
                QueueItem.State.QUEUED, 0, null, 0, null, null, null, now, now);
        store.save(item);
        synchronized (monitor) {
            monitor.notifyAll();
        }
        return item;
    }

    /** Every item, oldest first, with its state. */
    public List<QueueItem> list() {
        return store.all();
    }

    public Optional<QueueItem> get(String id) {
        return store.find(id);
    }

    /** Puts a FAILED item back in the queue, to be declared anew. */
    public QueueItem retry(String id) {
        QueueItem item = store.find(id).orElseThrow(() -> notFound(id));
        if (item.state() != QueueItem.State.FAILED) {
            throw AssetgateException.local(ErrorCodes.QUEUE_ITEM_NOT_FAILED, "Item " + id + " is " + item.state());
        }
        QueueItem again = item.reset();
        store.save(again);
        synchronized (monitor) {
            settled.remove(id);
            monitor.notifyAll();
        }
        return again;
    }

    /** Removes an item (its file is left alone). False when there was no such item. */
    public boolean remove(String id) {
        synchronized (monitor) {
            settled.remove(id);
        }
        return store.delete(id);
    }

    public void addListener(QueueListener listener) {
        listeners.add(listener);
    }

    /** True while the worker believes the server is unreachable. */
    public boolean isOffline() {
        return gate.isOffline();
    }

    /** Starts the workers; they keep going, through outages, until {@link #close()}. */
    public void start() {
        acquireLock();
        running = true;
        for (int i = 0; i < concurrency; i++) {
            Thread t = new Thread(() -> work(true), "assetgate-queue-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    /**
     * Sends every pending item once and returns: when nothing is left to send, or at the first
     * sign that the server is unreachable (the items stay queued). Answers the items still pending.
     */
    public List<QueueItem> drain() {
        acquireLock();
        running = true;
        gate.reset();
        try {
            List<Thread> drainers = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                Thread t = new Thread(() -> work(false), "assetgate-queue-drain-" + i);
                t.setDaemon(true);
                drainers.add(t);
                t.start();
            }
            for (Thread t : drainers) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running = false;
            releaseLock();
        }
        return store.all().stream().filter(UploadQueue::pending).toList();
    }

    @Override
    public void close() {
        running = false;
        synchronized (monitor) {
            monitor.notifyAll();
        }
        gate.wakeAll();
        for (Thread t : workers) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.clear();
        releaseLock();
    }

    private void work(boolean watch) {
        while (running) {
            if (gate.isOffline()) {
                if (!watch) {
                    return;
                }
                gate.probeOrWait();
                continue;
            }
            QueueItem item = claimNext();
            if (item == null) {
                if (!watch) {
                    return;
                }
                idle();
                continue;
            }
            try {
                new QueueSender(client, store, listeners, reuseDuplicates).send(item, gate::wentOffline);
            } finally {
                synchronized (monitor) {
                    claimed.remove(item.id());
                }
            }
        }
    }

    private QueueItem claimNext() {
        synchronized (monitor) {
            for (String id : store.ids()) {
                if (claimed.contains(id) || settled.contains(id)) {
                    continue;
                }
                QueueItem item = store.find(id).orElse(null);
                if (item != null && pending(item)) {
                    claimed.add(id);
                    return item;
                }
                if (item != null && item.state() == QueueItem.State.DONE) {
                    // Only DONE never changes again; a FAILED item may be retried by another process.
                    settled.add(id);
                }
            }
            return null;
        }
    }

    private static boolean pending(QueueItem item) {
        return item.state() == QueueItem.State.QUEUED || item.state() == QueueItem.State.UPLOADING;
    }

    private void idle() {
        synchronized (monitor) {
            waitOnMonitor(idlePoll.toMillis());
        }
    }

    private void waitOnMonitor(long millis) {
        try {
            monitor.wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private synchronized void acquireLock() {
        if (lock != null) {
            return;
        }
        try {
            lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                lockChannel.close();
                lockChannel = null;
                throw AssetgateException.local(ErrorCodes.QUEUE_BUSY, "Another process is running this queue");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void releaseLock() {
        try {
            if (lock != null) {
                lock.release();
                lockChannel.close();
            }
        } catch (IOException ignored) {
            // The lock goes with the process anyway.
        }
        lock = null;
        lockChannel = null;
    }

    private static AssetgateException notFound(String id) {
        return AssetgateException.local(ErrorCodes.NOT_FOUND, "No queue item " + id);
    }

    /** Builds an {@link UploadQueue} over a directory (created when missing). */
    public static final class Builder {
        private final AssetgateClient client;
        private final Path dir;
        private int concurrency = 2;
        private RetryPolicy offlineBackoff = new RetryPolicy(Integer.MAX_VALUE, Duration.ofSeconds(1),
                Duration.ofSeconds(60));
        private Duration idlePoll = Duration.ofSeconds(1);
        private boolean reuseDuplicates = true;

        private Builder(AssetgateClient client, Path dir) {
            this.client = client;
            this.dir = dir;
        }

        /** Items sent at the same time. */
        public Builder concurrency(int value) {
            this.concurrency = Math.max(1, value);
            return this;
        }

        /** Waits between probes while offline (full jitter, capped). */
        public Builder offlineBackoff(Duration base, Duration cap) {
            this.offlineBackoff = new RetryPolicy(Integer.MAX_VALUE, base, cap);
            return this;
        }

        /** How often an idle worker looks for items added by other processes. */
        public Builder idlePoll(Duration value) {
            this.idlePoll = value;
            return this;
        }

        /**
         * Whether items are declared with their checksum and {@code "onDuplicate": "reuse"}
         * (default true): a file the account already holds as a verified asset is not sent again,
         * so backing up a gallery a second time sends nothing twice. Costs one reading of each
         * file before it is sent.
         */
        public Builder reuseDuplicates(boolean value) {
            this.reuseDuplicates = value;
            return this;
        }

        public UploadQueue build() {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new UploadQueue(this);
        }
    }
}
