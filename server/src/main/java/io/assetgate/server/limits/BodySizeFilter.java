package io.assetgate.server.limits;

import java.io.IOException;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import io.assetgate.server.web.ErrorCode;
import io.assetgate.server.web.ProblemWriter;
import io.assetgate.server.web.RequestBodyTooLargeException;

/**
 * Bounds request bodies on {@code /v1} ({@code assetgate.limits.max-json-body}), after the
 * security filters (which never read bodies) and before any parsing: a declared length over
 * the limit answers 413
 * {@code REQUEST_TOO_LARGE} at once, and a chunked body is cut off when it passes the limit,
 * with the same answer ({@link RequestBodyTooLargeException}).
 * The proxied content endpoint is exempt: its body is bounded by the declared size.
 */
@Component
@Order(1)
class BodySizeFilter extends OncePerRequestFilter {

    private static final Pattern CONTENT = Pattern.compile("/v1/uploads/[^/]+/content/?");

    private final long max;
    private final ProblemWriter problems;

    BodySizeFilter(LimitsProperties properties, ProblemWriter problems) {
        this.max = properties.maxJsonBody().toBytes();
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !path.startsWith("/v1/") || CONTENT.matcher(path).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > max) {
            problems.write(response, ErrorCode.REQUEST_TOO_LARGE, RequestBodyTooLargeException.message(max));
            return;
        }
        chain.doFilter(new Bounded(request, max), response);
    }

    /** A request whose body stream fails once more than {@code max} bytes were read. */
    private static final class Bounded extends HttpServletRequestWrapper {

        private final long max;
        private ServletInputStream stream;

        Bounded(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0) {
                            count(1);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buf, int off, int len) throws IOException {
                        int n = in.read(buf, off, len);
                        if (n > 0) {
                            count(n);
                        }
                        return n;
                    }

                    private void count(int n) throws IOException {
                        read += n;
                        if (read > max) {
                            throw new RequestBodyTooLargeException(max);
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
