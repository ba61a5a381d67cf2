package io.assetgate.server.storage;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import io.assetgate.server.web.ApiException;
import io.assetgate.server.web.ErrorCode;
import io.assetgate.server.web.Problems;

/**
 * Answers the storage port's failures as {@code STORAGE_UNAVAILABLE} (temporary) or {@code STORAGE_MISCONFIGURED} (permanent), through the one table of
 * error codes. It lives here, not in {@code web}, so that {@code web} knows no feature module;
 * it is ordered before {@code web.ProblemAdvice}, whose catch-all would otherwise answer first.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE - 1)
class StorageProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(StorageProblemAdvice.class);

    @ExceptionHandler(StorageUnavailableException.class)
    ResponseEntity<ProblemDetail> storageUnavailable(StorageUnavailableException e) {
        log.warn("Storage unavailable: {}", e.getMessage());
        return Problems.response(ErrorCode.STORAGE_UNAVAILABLE, "The object store is unavailable; retry later",
                e.retryAfter() == null ? Duration.ofSeconds(5) : e.retryAfter(), List.of());
    }

    @ExceptionHandler(StorageMisconfiguredException.class)
    ResponseEntity<ProblemDetail> storageMisconfigured(StorageMisconfiguredException e) {
        // An operator must act: logged as an error, with the store's reason, but no stack trace.
        log.error("Storage misconfigured: {}", e.getMessage());
        return Problems.response(new ApiException(ErrorCode.STORAGE_MISCONFIGURED,
                "The object store refuses this server's settings; retrying will not help until they are fixed"));
    }

    @ExceptionHandler(StorageException.class)
    ResponseEntity<ProblemDetail> storageFailure(StorageException e) {
        log.error("Storage failure", e);
        return Problems.response(ErrorCode.STORAGE_UNAVAILABLE, "The object store failed; retry later",
                Duration.ofSeconds(5), List.of());
    }
}
