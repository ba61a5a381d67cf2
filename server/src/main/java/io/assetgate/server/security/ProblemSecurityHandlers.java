package io.assetgate.server.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

import io.assetgate.server.audit.AuditEvent;
import io.assetgate.server.audit.AuditTrail;
import io.assetgate.server.web.ErrorCode;
import io.assetgate.server.web.ProblemWriter;

/**
 * Answers authentication and authorization failures as problem+json. The detail never
 * echoes the token, and does not say which check failed, so it gives an attacker nothing.
 */
@Component
class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final ProblemWriter writer;
    private final AuditTrail audit;

    public ProblemSecurityHandlers(ProblemWriter writer, AuditTrail audit) {
        this.writer = writer;
        this.audit = audit;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        boolean tokenSent = request.getHeader("Authorization") != null;
        // The reason comes from our own classification, never from the token's content.
        String reason = tokenSent ? HardenedJwtDecoder.reasonOf(e) : "missing";
        // Anonymous probes of paths outside the API are noise, not security events.
        if (tokenSent || request.getRequestURI().startsWith("/v1/")) {
            audit.recordAnonymousFailure(AuditTrail.Entry.of(AuditEvent.AUTH_FAILED, AuditEvent.FAILURE).reason(reason)
                    .detail(request.getMethod() + " " + request.getRequestURI()));
        }
        response.setHeader("WWW-Authenticate", tokenSent ? "Bearer error=\"invalid_token\"" : "Bearer");
        writer.write(response, ErrorCode.UNAUTHENTICATED,
                tokenSent ? "The bearer token is invalid or expired" : "A bearer token is required");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        audit.record(AuditTrail.Entry.of(AuditEvent.ACCESS_DENIED, AuditEvent.DENIED).reason("scope")
                .detail(request.getMethod() + " " + request.getRequestURI()));
        response.setHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\"");
        writer.write(response, ErrorCode.FORBIDDEN, "The token lacks the scope this call needs");
    }
}
