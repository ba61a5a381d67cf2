package io.assetgate.client.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A small HTTP/1.1 proxy placed between a client and a server, that breaks requests on
 * command: it resets the connection halfway through a request's body, or holds a request back
 * for a while before forwarding it. It reads just enough of each request (its first line and
 * Content-Length) to choose; everything else is passed through as is.
 */
public final class FaultyProxy implements AutoCloseable {

    private final int targetPort;
    private final ServerSocket listener;
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger mostActive = new AtomicInteger();
    private volatile boolean closed;

    public FaultyProxy(int targetPort) {
        this.targetPort = targetPort;
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "faulty-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    public String url() {
        return "http://localhost:" + port();
    }

    /** Resets the connection of the next {@code times} requests whose first line matches. */
    public void resetNext(Predicate<String> requestLine, int times) {
        faults.add(new Fault(requestLine, new AtomicInteger(times), null, -1, false));
    }

    /** Flips one byte in the middle of the body of the next {@code times} matching requests. */
    public void corruptNext(Predicate<String> requestLine, int times) {
        faults.add(new Fault(requestLine, new AtomicInteger(times), null, -1, true));
    }

    /** Holds the next {@code times} matching requests back for {@code delay} before forwarding them. */
    public void stallNext(Predicate<String> requestLine, int times, Duration delay) {
        faults.add(new Fault(requestLine, new AtomicInteger(times), delay, -1, false));
    }

    /** Lets only {@code bytes} of the answer to the next {@code times} matching requests through, then resets. */
    public void cutResponseNext(Predicate<String> requestLine, int times, long bytes) {
        faults.add(new Fault(requestLine, new AtomicInteger(times), null, bytes, false));
    }

    /** The most requests seen being received at the same time (head read, body not yet all forwarded). */
    public int mostConcurrentRequests() {
        return mostActive.get();
    }

    /** Forgets the faults not yet used, and the concurrency seen. */
    public void clearFaults() {
        faults.clear();
        mostActive.set(0);
    }

    /** The first lines of the requests seen so far, faulty ones included. */
    public List<String> requests() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Thread t = new Thread(() -> serve(client), "faulty-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
            java.util.concurrent.atomic.AtomicLong budget = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
            Thread back = new Thread(() -> pipe(upstream, client, budget), "faulty-proxy-back");
            back.setDaemon(true);
            back.start();
            InputStream in = client.getInputStream();
            OutputStream out = upstream.getOutputStream();
            while (true) {
                byte[] head = readHead(in);
                if (head == null) {
                    return;
                }
                String text = new String(head, StandardCharsets.ISO_8859_1);
                String line = text.substring(0, text.indexOf("\r\n"));
                seen.add(line);
                long length = contentLength(text);
                Fault fault = claim(line);
                mostActive.accumulateAndGet(active.incrementAndGet(), Math::max);
                try {
                    if (fault != null && fault.delay != null) {
                        Thread.sleep(fault.delay.toMillis());
                    }
                    if (forward(client, upstream, in, out, head, length, fault, budget)) {
                        return;
                    }
                } finally {
                    active.decrementAndGet();
                }
            }
        } catch (IOException | InterruptedException e) {
            // The connection ended; nothing to do.
        }
    }

    /** Forwards one request; true when it was cut off and the connection is done. */
    private static boolean forward(Socket client, Socket upstream, InputStream in, OutputStream out, byte[] head,
            long length, Fault fault, java.util.concurrent.atomic.AtomicLong budget) throws IOException {
        if (fault != null && fault.responseBytes >= 0) {
            budget.set(fault.responseBytes);
        }
        out.write(head);
        if (fault != null && fault.corrupts() && length > 0) {
            copy(in, out, length / 2);
            int b = in.read();
            out.write(b ^ 0xFF);
            copy(in, out, length - length / 2 - 1);
            out.flush();
            return false;
        }
        if (fault != null && fault.resets()) {
            copy(in, out, length / 2);
            out.flush();
            client.setSoLinger(true, 0);
            upstream.setSoLinger(true, 0);
            return true;
        }
        copy(in, out, length);
        out.flush();
        return false;
    }

    private Fault claim(String line) {
        for (Fault f : faults) {
            if (f.matches.test(line) && f.left.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return f;
            }
        }
        return null;
    }

    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
        }
        return head.toByteArray();
    }

    private static long contentLength(String head) {
        for (String header : head.split("\r\n")) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                return Long.parseLong(header.substring(header.indexOf(':') + 1).trim());
            }
        }
        return 0;
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        for (long left = length; left > 0; ) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("client closed mid-body");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static void pipe(Socket from, Socket to, java.util.concurrent.atomic.AtomicLong budget) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                long allowed = budget.get();
                if (n > allowed) {
                    out.write(buffer, 0, (int) allowed);
                    out.flush();
                    to.setSoLinger(true, 0);
                    from.setSoLinger(true, 0);
                    from.close();
                    return;
                }
                budget.addAndGet(allowed == Long.MAX_VALUE ? 0 : -n);
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // One side closed.
        } finally {
            try {
                to.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private record Fault(Predicate<String> matches, AtomicInteger left, Duration delay, long responseBytes,
            boolean corrupts) {
        boolean resets() {
            return delay == null && responseBytes < 0 && !corrupts;
        }
    }
}
