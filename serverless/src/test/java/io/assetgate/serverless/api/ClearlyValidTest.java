package io.assetgate.serverless.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

/**
 * The shortcut past Hibernate Validator never lets through what the validator refuses: every
 * body it calls clearly valid has no violation, and it does call the usual valid body so (else
 * a cold start would bootstrap the validator after all).
 */
class ClearlyValidTest {

    private static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    /** The constraints of POST /v1/uploads's body (upload.CreateUploadRequest). */
    record Declaration(@NotBlank String filename, @NotBlank String contentType, @NotNull @Positive Long size,
            String checksum, String onDuplicate) {
    }

    record Counted(@Positive Integer count, @NotNull String name) {
    }

    record Sized(@NotBlank @Size(max = 3) String name) {
    }

    record Mailed(@Email String address) {
    }

    record Grouped(@NotNull(groups = Grouped.class) String name) {
    }

    record Nested(@Valid @NotNull Declaration declaration) {
    }

    record Elements(@NotNull List<@NotBlank String> names) {
    }

    @Test
    void aUsualDeclarationIsClearlyValid() {
        assertThat(ClearlyValid.test(new Declaration("IMG_0001.jpg", "image/jpeg", 2_481_234L, null, null))).isTrue();
        assertThat(ClearlyValid.test(new Counted(null, "x"))).isTrue();
    }

    @Test
    void neverCallsValidWhatTheValidatorRefuses() {
        List<String> texts = new ArrayList<>(List.of("a", "IMG.jpg", "", " ", "\t", "\n", "\u2003", "\u0000", " a ",
                "\u2003a", "\u00a0", "\u001f"));
        texts.add(null);
        List<Long> sizes = new ArrayList<>(List.of(1L, 0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE));
        sizes.add(null);
        int clearlyValid = 0;
        for (String filename : texts) {
            for (String contentType : List.of("image/jpeg", " ")) {
                for (Long size : sizes) {
                    Declaration body = new Declaration(filename, contentType, size, null, null);
                    if (ClearlyValid.test(body)) {
                        clearlyValid++;
                        assertThat(VALIDATOR.validate(body)).as("%s", body).isEmpty();
                    }
                }
            }
        }
        for (String name : texts) {
            for (Integer count : new Integer[] {null, 1, 0, -5}) {
                Counted body = new Counted(count, name);
                if (ClearlyValid.test(body)) {
                    clearlyValid++;
                    assertThat(VALIDATOR.validate(body)).as("%s", body).isEmpty();
                }
            }
        }
        assertThat(clearlyValid).as("the check must let some through, or it is of no use").isPositive();
    }

    @Test
    void leavesEveryOtherConstraintToTheValidator() {
        assertThat(ClearlyValid.test(new Sized("abcd"))).isFalse();
        assertThat(ClearlyValid.test(new Sized("ab"))).as("valid, but @Size is not read here").isFalse();
        assertThat(ClearlyValid.test(new Mailed("not an address"))).isFalse();
        assertThat(ClearlyValid.test(new Grouped(null))).isFalse();
        assertThat(ClearlyValid.test(new Nested(new Declaration("", "", -1L, null, null)))).isFalse();
        assertThat(ClearlyValid.test(new Elements(List.of(" ")))).isFalse();
        assertThat(ClearlyValid.test("not a record")).isFalse();
    }
}
