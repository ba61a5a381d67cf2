package io.assetgate.server.web;

import java.util.ArrayList;
import java.util.List;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The one place that turns failures into problem+json. Unknown failures are logged once,
 * here, and answered with a bare {@code INTERNAL}: no stack trace or class name leaves the server.
 * A feature module whose own exceptions need a code adds a small advice of its own, ordered
 * before this one (as {@code storage.StorageProblemAdvice} does), so that {@code web} depends
 * on no feature module.
 */
@RestControllerAdvice
class ProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        return Problems.response(e);
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> invalid(MethodArgumentNotValidException e) {
        List<ApiException.FieldError> errors = new ArrayList<>();
        e.getBindingResult().getFieldErrors()
                .forEach(f -> errors.add(new ApiException.FieldError(f.getField(), f.getDefaultMessage())));
        return validation("The request has invalid fields", errors);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ProblemDetail> invalidParameter(HandlerMethodValidationException e) {
        List<ApiException.FieldError> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(r -> r.getResolvableErrors().forEach(err -> errors.add(
                new ApiException.FieldError(r.getMethodParameter().getParameterName(), err.getDefaultMessage()))));
        return validation("The request has invalid parameters", errors);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof RequestBodyTooLargeException tooLarge) {
            return Problems.response(new ApiException(ErrorCode.REQUEST_TOO_LARGE, tooLarge.getMessage()));
        }
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String name = mismatch.getPath().getLast().getPropertyName();
            String field = name != null ? name : "body";
            String message = cause instanceof UnrecognizedPropertyException ? "unknown field"
                    : cause instanceof InvalidFormatException ? "has the wrong type or an unknown value"
                    : "has the wrong type";
            return validation("The request body is invalid", List.of(new ApiException.FieldError(field, message)));
        }
        return validation("The request body is missing or is not valid JSON",
                List.of(new ApiException.FieldError("body", "malformed")));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return validation("A parameter has the wrong type",
                List.of(new ApiException.FieldError(e.getName(), "has the wrong type")));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e) {
        return validation("A parameter is missing",
                List.of(new ApiException.FieldError(e.getParameterName(), "is required")));
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ProblemDetail> missingHeader(MissingRequestHeaderException e) {
        return validation("A header is missing", List.of(new ApiException.FieldError(e.getHeaderName(), "is required")));
    }

    /**
     * A body sent as a form (curl's default for {@code --data-binary}) or as multipart that is
     * not one: the client's mistake, a 400, never a 500 with an ERROR log.
     */
    @ExceptionHandler({org.apache.tomcat.util.http.InvalidParameterException.class,
        org.springframework.web.multipart.MultipartException.class})
    ResponseEntity<ProblemDetail> malformedForm(RuntimeException e) {
        return validation("The request body is not a valid form; this API takes JSON",
                List.of(new ApiException.FieldError("Content-Type", "unsupported")));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
        return validation("The request body must be application/json",
                List.of(new ApiException.FieldError("Content-Type", "unsupported")));
    }

    @ExceptionHandler({NoResourceFoundException.class, HttpRequestMethodNotSupportedException.class})
    ResponseEntity<ProblemDetail> noRoute(Exception e) {
        return Problems.response(new ApiException(ErrorCode.NOT_FOUND, "No such resource"));
    }

    @ExceptionHandler({AccessDeniedException.class, AuthorizationDeniedException.class})
    ResponseEntity<ProblemDetail> denied(Exception e) {
        return Problems.response(new ApiException(ErrorCode.FORBIDDEN, "The token lacks the scope this call needs"));
    }

    // A failed commit or rollback (TransactionSystemException) is the database going away mid-transaction.
    @ExceptionHandler({DataAccessResourceFailureException.class, CannotCreateTransactionException.class,
        TransactionSystemException.class})
    ResponseEntity<ProblemDetail> databaseUnavailable(Exception e) {
        log.warn("Database unavailable: {}", e.getMessage());
        return Problems.response(ErrorCode.DATABASE_UNAVAILABLE, "The database is unavailable; retry later",
                Duration.ofSeconds(5), List.of());
    }

    /**
     * The client went away while the server was writing to it, as an event-stream subscriber
     * does when it closes: there is no one left to answer, and nothing went wrong here.
     */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void clientGone(AsyncRequestNotUsableException e) {
        log.debug("Client went away: {}", e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected failure", e);
        return Problems.response(new ApiException(ErrorCode.INTERNAL, "An unexpected error occurred"));
    }

    private static ResponseEntity<ProblemDetail> validation(String detail, List<ApiException.FieldError> errors) {
        return Problems.response(ErrorCode.VALIDATION_FAILED, detail, null, errors);
    }
}
