package io.assetgate.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * The loop-based resolver against Spring Security's own: the same answer (a token, none, or
 * "malformed") for every header, well-formed or hostile.
 */
class BearerTokensTest {

    private final BearerTokens ours = new BearerTokens();
    private final DefaultBearerTokenResolver reference = new DefaultBearerTokenResolver();

    @ParameterizedTest
    @ValueSource(strings = {
        "Bearer abc.def.ghi", "bearer abc", "BEARER abc", "Bearer a-b_c~d+e/f.g", "Bearer abc==", "Bearer abc=",
        "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln", "Bearer ", "Bearer", "Bearer  abc", "Bearer abc def",
        "Bearer abc=d", "Bearer =abc", "Bearer ==", "Bearer abc\t", "Bearer ab%63", "Bearer abc,def", "Bearer\tabc",
        "Basic dXNlcjpwYXNz", "Token abc", "", " Bearer abc", "Bearerabc", "bearerX abc", "Bearer ab\u00e9c",
        "Bearer abc\n", "Bearer a"})
    void answersLikeSpringSecuritysResolver(String header) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/assets");
        request.addHeader("Authorization", header);

        assertThat(outcome(() -> ours.resolve(request)))
                .as("header [%s]", header)
                .isEqualTo(outcome(() -> reference.resolve(request)));
    }

    @Test
    void noHeaderIsNoToken() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/assets");
        assertThat(ours.resolve(request)).isNull();
    }

    private static String outcome(java.util.function.Supplier<String> resolve) {
        Throwable error = catchThrowable(resolve::get);
        if (error instanceof OAuth2AuthenticationException e) {
            return "error:" + e.getError().getErrorCode();
        }
        if (error != null) {
            return "unexpected:" + error;
        }
        return "token:" + Objects.toString(resolve.get());
    }
}
