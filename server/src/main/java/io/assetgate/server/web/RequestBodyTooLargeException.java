package io.assetgate.server.web;

import java.io.IOException;

/**
 * A request body that grew past its limit while it was being read: a chunked body, whose
 * length nobody declared up front. It is an {@link IOException} because it is thrown from the
 * body stream; whoever was reading (Jackson, usually) wraps it, and {@link ProblemAdvice}
 * finds it as the root cause and answers 413 {@code REQUEST_TOO_LARGE}, as for a declared
 * length over the limit.
 */
public class RequestBodyTooLargeException extends IOException {

    public RequestBodyTooLargeException(long max) {
        super(message(max));
    }

    /** What the client is told, for a declared length and a chunked body alike. */
    public static String message(long max) {
        return "The request body exceeds " + max + " bytes";
    }
}
