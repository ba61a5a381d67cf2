package io.assetgate.serverless.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

import io.assetgate.server.web.ApiException;

/**
 * JSON in and out, as the server reads and writes it: Jackson 3 with Spring Boot's defaults
 * (unknown fields ignored, instants as ISO-8601), request bodies checked against the same
 * bean-validation annotations, and the same {@code VALIDATION_FAILED} answers for bodies that
 * are not JSON, have a field of the wrong type, or break a constraint.
 */
public final class ApiJson {

    /** Spring Boot's Jackson defaults that matter for the API's bodies. */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * Hibernate Validator, started on the first body that is not {@link ClearlyValid}: a cold
     * function's first valid call does without it (a holder class, initialized on first use).
     */
    private static final class Validators {
        // The message interpolator without expression language: the default messages need none.
        static final ValidatorFactory FACTORY = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory();
        static final Validator VALIDATOR = FACTORY.getValidator();
    }

    private ApiJson() {
    }

    public static byte[] write(Object body) {
        return MAPPER.writeValueAsBytes(body);
    }

    /**
     * The body as {@code type}, validated; a missing body is null when {@code optional}. A body
     * must be sent as {@code application/json}.
     */
    public static <T> T read(ApiRequest request, Class<T> type, boolean optional) {
        if (!request.hasBody()) {
            if (optional) {
                return null;
            }
            throw Problem.validation("The request body is missing or is not valid JSON",
                    List.of(new ApiException.FieldError("body", "malformed")));
        }
        String contentType = request.header("Content-Type");
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw Problem.validation("The request body must be application/json",
                    List.of(new ApiException.FieldError("Content-Type", "unsupported")));
        }
        T value;
        try {
            value = MAPPER.readValue(request.body(), type);
        } catch (MismatchedInputException mismatch) {
            if (mismatch.getPath().isEmpty()) {
                throw malformed();
            }
            String name = mismatch.getPath().getLast().getPropertyName();
            String message = mismatch instanceof UnrecognizedPropertyException ? "unknown field"
                    : mismatch instanceof InvalidFormatException ? "has the wrong type or an unknown value"
                    : "has the wrong type";
            throw Problem.validation("The request body is invalid",
                    List.of(new ApiException.FieldError(name != null ? name : "body", message)));
        } catch (JacksonException e) {
            throw malformed();
        }
        if (value == null) {
            throw malformed();
        }
        if (ClearlyValid.test(value)) {
            return value;
        }
        Set<ConstraintViolation<T>> violations = Validators.VALIDATOR.validate(value);
        if (!violations.isEmpty()) {
            List<ApiException.FieldError> errors = new ArrayList<>();
            violations.forEach(v -> errors.add(new ApiException.FieldError(v.getPropertyPath().toString(), v.getMessage())));
            throw Problem.validation("The request has invalid fields", errors);
        }
        return value;
    }

    private static ApiException malformed() {
        return Problem.validation("The request body is missing or is not valid JSON",
                List.of(new ApiException.FieldError("body", "malformed")));
    }
}
