package io.assetgate.server.upload;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

import io.assetgate.server.web.ApiException;
import io.assetgate.server.web.ErrorCode;

/**
 * The request body of the proxied path, read through to the store. It remembers a failure to
 * read from the client, so that a store call that failed because the client stopped sending
 * (which every store reports as its own I/O failure) is answered as the client's fault, not as
 * a storage outage: no ERROR log, no 503, and the upload stays pending for another try.
 */
final class ClientBody extends FilterInputStream {

    private volatile IOException failure;
    private long received;

    ClientBody(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        try {
            int b = super.read();
            received += b < 0 ? 0 : 1;
            return b;
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            int n = super.read(buffer, offset, length);
            received += Math.max(n, 0);
            return n;
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    /** Bytes read from the client so far. */
    long received() {
        return received;
    }

    /**
     * The answer for a body the client stopped sending: 408 {@code REQUEST_TIMEOUT} when it fell
     * silent for longer than the body read timeout, else 400 (it closed the connection early,
     * so no one will read the answer). Null when reading from the client never failed.
     */
    ApiException clientFault(long declared) {
        if (failure == null) {
            return null;
        }
        String progress = received + " of " + declared + " bytes arrived";
        if (timedOut(failure)) {
            return new ApiException(ErrorCode.REQUEST_TIMEOUT, "The body stopped arriving (" + progress
                    + "); the upload is still pending: send it again");
        }
        return ApiException.validation("body", "ended early (" + progress + "); the upload is still pending");
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
