package io.assetgate.server.limits;

import java.io.IOException;
import java.time.Duration;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.Order;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import io.assetgate.server.audit.AuditEvent;
import io.assetgate.server.audit.AuditTrail;
import io.assetgate.server.security.Owner;
import io.assetgate.server.web.ErrorCode;
import io.assetgate.server.web.ProblemWriter;

/**
 * Per-owner token buckets (Bucket4j) on the calls that make the server sign upload URLs:
 * {@code POST /v1/uploads} and {@code POST /v1/uploads/{id}/parts}. Over the limit answers
 * 429 {@code RATE_LIMITED} with {@code Retry-After}; each owner has their own bucket, so one
 * noisy owner never slows another.
 *
 * <p>Runs after the security filters (order 0 &gt; Spring Security's -100), so only
 * authenticated calls that passed the scope rules spend tokens.
 */
@Component
@Order(0)
class RateLimitFilter extends OncePerRequestFilter {

    private static final Pattern LIMITED = Pattern.compile("/v1/uploads/?|/v1/uploads/[^/]+/parts/?");

    private final Limits limits;
    private final AuditTrail audit;
    private final ProblemWriter problems;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(100_000)
            .build();

    RateLimitFilter(Limits limits, AuditTrail audit, ProblemWriter problems) {
        this.limits = limits;
        this.audit = audit;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !LIMITED.matcher(request.getRequestURI()).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        long perMinute = limits.of(auth).uploadsPerMinute();
        if (perMinute <= 0 || !(auth instanceof JwtAuthenticationToken token)) {
            chain.doFilter(request, response);
            return;
        }
        // The limit is part of the key, so a changed override takes effect with a fresh bucket.
        String key = Owner.of(token.getToken()) + "|" + perMinute;
        Bucket bucket = buckets.get(key, k -> Bucket.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            response.setHeader("RateLimit-Remaining", Long.toString(probe.getRemainingTokens()));
            chain.doFilter(request, response);
            return;
        }
        long retryAfter = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
        audit.record(AuditTrail.Entry.of(AuditEvent.RATE_LIMITED, AuditEvent.DENIED).reason("rate")
                .detail(request.getMethod() + " " + request.getRequestURI()));
        response.setHeader("Retry-After", Long.toString(retryAfter));
        problems.write(response, ErrorCode.RATE_LIMITED,
                "Too many upload requests; retry after " + retryAfter + " seconds");
    }
}
