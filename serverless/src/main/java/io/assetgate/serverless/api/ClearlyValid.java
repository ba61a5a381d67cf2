package io.assetgate.serverless.api;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.validation.Constraint;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * Tells, without bootstrapping bean validation, that a request body obviously satisfies its
 * constraints, so a cold function's first valid call does not pay for Hibernate Validator's
 * start (540 classes, about 0.1 s of a cold start). It answers only "clearly valid" or "ask
 * the validator": a record whose components carry nothing but {@code @NotNull},
 * {@code @NotBlank} and {@code @Positive} (default group, on {@code String}, {@code Long} or
 * {@code Integer}), with values that pass each by the strictest reading. Anything else, and
 * every violation, goes to Hibernate Validator, which alone words the refusals: the answers
 * stay the server's.
 */
final class ClearlyValid {

    /** A record component's field (where bean validation reads its constraints) and those constraints. */
    private record Checked(Field field, Annotation[] constraints) {
    }

    /** Per body type: its components to check, or empty when it has constraints not checked here. */
    private static final Map<Class<?>, Optional<List<Checked>>> TYPES = new ConcurrentHashMap<>();

    private ClearlyValid() {
    }

    /** True only when {@code body} satisfies its constraints; false means "ask the validator". */
    static boolean test(Object body) {
        Optional<List<Checked>> checks = TYPES.computeIfAbsent(body.getClass(), ClearlyValid::checks);
        if (checks.isEmpty()) {
            return false;
        }
        try {
            for (Checked checked : checks.get()) {
                Object value = checked.field().get(body);
                for (Annotation constraint : checked.constraints()) {
                    if (!passes(constraint, value)) {
                        return false;
                    }
                }
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false; // a record this cannot read: the validator decides
        }
    }

    private static boolean passes(Annotation constraint, Object value) {
        return switch (constraint) {
            case NotNull n -> value != null;
            // Not blank by both readings (trim's control characters, isBlank's Unicode spaces): a
            // value that either might call blank is left to the validator.
            case NotBlank n -> value instanceof String s && !s.isBlank() && !s.trim().isEmpty();
            // Null passes @Positive, as in bean validation; @NotNull, where present, refuses it.
            case Positive p -> value == null || (value instanceof Long l && l > 0) || (value instanceof Integer i && i > 0);
            default -> true; // not a constraint (checks() lets no other constraint through)
        };
    }

    /**
     * The checks of a record with no constraint on the type itself, no cascaded ({@code @Valid})
     * component, no constraint on type arguments, and only the three constraints above, in the
     * default group, on the types they are read for here; empty for any other type.
     */
    private static Optional<List<Checked>> checks(Class<?> type) {
        if (!type.isRecord() || hasConstraint(type.getAnnotations())) {
            return Optional.empty();
        }
        List<Checked> checks = new ArrayList<>();
        try {
            for (RecordComponent component : type.getRecordComponents()) {
                Class<?> valueType = component.getType();
                if (valueType.isArray() || component.getGenericType() != valueType) {
                    return Optional.empty(); // List<@NotBlank String> and the like are not read here
                }
                // The constraint annotations do not apply to record components: javac puts them on the field.
                Field field = type.getDeclaredField(component.getName());
                List<Annotation> constraints = new ArrayList<>();
                for (Annotation annotation : field.getAnnotations()) {
                    boolean known = switch (annotation) {
                        case NotNull n -> n.groups().length == 0;
                        case NotBlank n -> n.groups().length == 0 && valueType == String.class;
                        case Positive p -> p.groups().length == 0 && (valueType == Long.class || valueType == Integer.class);
                        case Valid v -> false;
                        default -> !isConstraint(annotation);
                    };
                    if (!known) {
                        return Optional.empty();
                    }
                    if (isConstraint(annotation)) {
                        constraints.add(annotation);
                    }
                }
                field.setAccessible(true);
                checks.add(new Checked(field, constraints.toArray(Annotation[]::new)));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.of(List.copyOf(checks));
    }

    private static boolean hasConstraint(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            if (isConstraint(annotation)) {
                return true;
            }
        }
        return false;
    }

    /** A bean-validation constraint, or anything of the validation packages ({@code @NotNull.List}, ...). */
    private static boolean isConstraint(Annotation annotation) {
        Class<? extends Annotation> type = annotation.annotationType();
        return type.isAnnotationPresent(Constraint.class) || type.getName().startsWith("jakarta.validation.")
                || type.getName().startsWith("org.hibernate.validator.");
    }
}
