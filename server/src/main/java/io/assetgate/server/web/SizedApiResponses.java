package io.assetgate.server.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Sends each JSON answer of the API in one piece, with a {@code Content-Length}.
 *
 * <p>Why: Spring's message converters flush after writing a body, which commits the answer
 * before its length is known, so Tomcat sends it chunked: the headers and body in one write,
 * then the closing chunk in a second write (and a second TCP segment) for every request. The
 * API's answers are small (a page of assets at most), so holding one in memory costs little,
 * and each answer becomes one write. The event stream is left alone: it must flow as it
 * happens. The local store's downloads are not under {@code /v1/} and are never held.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class SizedApiResponses extends OncePerRequestFilter {

    private static final String API = "/v1/";
    private static final String EVENT_STREAM = "/v1/events";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !path.startsWith(API) || path.startsWith(EVENT_STREAM);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, held);
        } finally {
            held.copyBodyToResponse();
        }
    }
}
