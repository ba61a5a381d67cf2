package io.assetgate.serverless.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import io.assetgate.server.audit.AuditEvent;
import io.assetgate.server.audit.AuditTrail;
import io.assetgate.server.security.Caller;
import io.assetgate.server.storage.StorageException;
import io.assetgate.server.storage.StorageMisconfiguredException;
import io.assetgate.server.storage.StorageUnavailableException;
import io.assetgate.server.web.ApiException;
import io.assetgate.server.web.ErrorCode;

/**
 * Serves one API call: the caller from the authorizer's claims (401 without), the scope the
 * route needs (403), the route (404), and every failure as the server's problem+json, with the
 * same codes, the same audit records and the same {@code X-Request-Id}.
 */
@Component
public class ApiDispatcher {

    private static final Logger log = LoggerFactory.getLogger(ApiDispatcher.class);

    private final Routes routes = new Routes();
    private final AuditTrail audit;

    ApiDispatcher(List<RouteSet> features, AuditTrail audit) {
        this.audit = audit;
        features.forEach(f -> f.register(routes));
    }

    /**
     * @param claims the authorizer's verified claims, or null
     * @param requestId the gateway's request id, answered as {@code X-Request-Id}
     */
    public ApiReply dispatch(ApiRequest request, Map<String, String> claims, String requestId) {
        MDC.put("requestId", requestId);
        try {
            return serve(request, claims, requestId).withHeader("X-Request-Id", requestId);
        } finally {
            SecurityContextHolder.clearContext();
            MDC.remove("requestId");
        }
    }

    private ApiReply serve(ApiRequest request, Map<String, String> claims, String requestId) {
        String where = request.method() + " " + request.path();
        Optional<JwtAuthenticationToken> caller = AuthorizerCaller.of(claims);
        if (caller.isEmpty()) {
            audit.recordAnonymousFailure(AuditTrail.Entry.of(AuditEvent.AUTH_FAILED, AuditEvent.FAILURE)
                    .reason("missing").detail(where));
            return Problem.reply(ErrorCode.UNAUTHENTICATED, "A bearer token is required", null, List.of(),
                    null, requestId).withHeader("WWW-Authenticate", "Bearer");
        }
        SecurityContextHolder.getContext().setAuthentication(caller.get());
        if (!ScopeRules.allows(caller.get(), request.method(), request.path())) {
            audit.record(AuditTrail.Entry.of(AuditEvent.ACCESS_DENIED, AuditEvent.DENIED).reason("scope").detail(where));
            return Problem.reply(ErrorCode.FORBIDDEN, "The token lacks the scope this call needs", null, List.of(),
                    null, requestId).withHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\"");
        }
        Optional<Routes.Match> match = routes.match(request.method(), request.path());
        if (match.isEmpty()) {
            return Problem.reply(new ApiException(ErrorCode.NOT_FOUND, "No such resource"), request.path(), requestId);
        }
        try {
            return match.get().route().handle(request.withPathVariables(match.get().pathVariables()),
                    Caller.of(caller.get()));
        } catch (Exception e) {
            return failure(e, request.path(), requestId);
        }
    }

    /** The server's advice, case for case (web.ProblemAdvice, storage.StorageProblemAdvice). */
    private static ApiReply failure(Exception e, String path, String requestId) {
        if (e instanceof ApiException api) {
            return Problem.reply(api, path, requestId);
        }
        if (e instanceof StorageUnavailableException unavailable) {
            log.warn("Storage unavailable: {}", e.getMessage());
            return Problem.reply(ErrorCode.STORAGE_UNAVAILABLE, "The object store is unavailable; retry later",
                    unavailable.retryAfter() == null ? Duration.ofSeconds(5) : unavailable.retryAfter(), List.of(),
                    path, requestId);
        }
        if (e instanceof StorageMisconfiguredException) {
            log.error("Storage misconfigured: {}", e.getMessage());
            return Problem.reply(new ApiException(ErrorCode.STORAGE_MISCONFIGURED,
                    "The object store refuses this server's settings; retrying will not help until they are fixed"),
                    path, requestId);
        }
        if (e instanceof StorageException) {
            log.error("Storage failure", e);
            return Problem.reply(ErrorCode.STORAGE_UNAVAILABLE, "The object store failed; retry later",
                    Duration.ofSeconds(5), List.of(), path, requestId);
        }
        if (e instanceof DataAccessResourceFailureException || e instanceof CannotCreateTransactionException
                || e instanceof TransactionSystemException) {
            log.warn("Database unavailable: {}", e.getMessage());
            return Problem.reply(ErrorCode.DATABASE_UNAVAILABLE, "The database is unavailable; retry later",
                    Duration.ofSeconds(5), List.of(), path, requestId);
        }
        log.error("Unexpected failure", e);
        return Problem.reply(new ApiException(ErrorCode.INTERNAL, "An unexpected error occurred"), path, requestId);
    }
}
