package io.assetgate.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.assetgate.client.ProgressListener;

/**
 * Progress bars on a terminal: one per file being sent, and a total, redrawn in place a few
 * times a second. Off the terminal (pipes, --json) it draws nothing.
 */
final class ProgressView implements AutoCloseable {

    private static final int WIDTH = 24;

    private final PrintWriter err;
    private final long totalBytes;
    private final int totalFiles;
    private final Map<String, ProgressListener.Progress> active = new ConcurrentHashMap<>();
    private final Map<String, Long> finished = new ConcurrentHashMap<>();
    private final AtomicLong filesDone = new AtomicLong();
    private final Thread painter;
    private int drawnLines;
    private volatile boolean open = true;

    ProgressView(PrintWriter err, long totalBytes, int totalFiles, boolean enabled) {
        this.err = err;
        this.totalBytes = totalBytes;
        this.totalFiles = totalFiles;
        this.painter = enabled ? new Thread(this::paintLoop, "assetgate-progress") : null;
        if (painter != null) {
            painter.setDaemon(true);
            painter.start();
        }
    }

    ProgressListener listener(String key) {
        return p -> active.put(key, p);
    }

    void done(String key, long size) {
        active.remove(key);
        finished.put(key, size);
        filesDone.incrementAndGet();
    }

    /** Prints a line above the bars. */
    synchronized void println(Output output, Runnable print) {
        clear();
        print.run();
    }

    private void paintLoop() {
        while (open) {
            synchronized (this) {
                paint();
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void paint() {
        clear();
        long sent = finished.values().stream().mapToLong(Long::longValue).sum();
        int lines = 0;
        for (Map.Entry<String, ProgressListener.Progress> e : active.entrySet()) {
            ProgressListener.Progress p = e.getValue();
            sent += p.bytesSent();
            err.println(bar(p.fraction()) + " " + Output.size(p.bytesSent()) + "/" + Output.size(p.totalBytes())
                    + "  " + p.filename());
            lines++;
        }
        double fraction = totalBytes == 0 ? 1 : (double) sent / totalBytes;
        err.println(bar(fraction) + " " + Output.size(sent) + "/" + Output.size(totalBytes) + "  total, "
                + filesDone.get() + "/" + totalFiles + " files");
        err.flush();
        drawnLines = lines + 1;
    }

    private void clear() {
        for (int i = 0; i < drawnLines; i++) {
            err.print("\033[1A\033[2K");
        }
        drawnLines = 0;
        err.flush();
    }

    private static String bar(double fraction) {
        int filled = (int) Math.round(Math.max(0, Math.min(1, fraction)) * WIDTH);
        return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] "
                + String.format(java.util.Locale.ROOT, "%3d%%", Math.round(fraction * 100));
    }

    @Override
    public void close() {
        open = false;
        if (painter != null) {
            painter.interrupt();
            try {
                painter.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                paint();
            }
        }
    }
}
