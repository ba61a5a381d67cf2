package io.assetgate.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import jakarta.servlet.Filter;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.ObservationFilterChainDecorator;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.util.ReflectionTestUtils;

import io.assetgate.server.support.SecuredServerTest;

/**
 * The cheaper bearer token reader, header firewall and unwrapped filters are the ones the
 * running filter chain uses. They behave exactly like Spring Security's defaults (their own
 * tests prove that), so only a look at the wiring shows that a refactoring has not quietly
 * put the slower defaults back.
 */
class SecurityFilterWiringTest extends SecuredServerTest {

    @Autowired
    private FilterChainProxy springSecurityFilterChain;

    @Test
    void everyBearerTokenFilterReadsTheTokenWithBearerTokens() {
        List<Filter> bearerFilters = filters().stream()
                .filter(BearerTokenAuthenticationFilter.class::isInstance).toList();

        assertThat(bearerFilters).isNotEmpty();
        // The filter reads the token through its authentication converter, which holds the
        // resolver it was configured with (DefaultBearerTokenResolver unless ours is found).
        assertThat(bearerFilters).allSatisfy(filter -> {
            Object converter = ReflectionTestUtils.getField(filter, "authenticationConverter");
            assertThat(ReflectionTestUtils.getField(converter, "bearerTokenResolver")).isInstanceOf(BearerTokens.class);
        });
    }

    @Test
    void theFilterChainChecksHeadersWithTheLoopFirewall() {
        Object firewall = ReflectionTestUtils.getField(builtChain(), "firewall");

        assertThat(firewall).isNotNull();
        Object headerNames = ReflectionTestUtils.getField(firewall, "allowedHeaderNames");
        Object headerValues = ReflectionTestUtils.getField(firewall, "allowedHeaderValues");
        // Spring Security's defaults are predicates over a compiled Pattern; ours are method
        // references into HeaderFirewall.
        assertThat(headerNames.getClass().getName()).startsWith(HeaderFirewall.class.getName());
        assertThat(headerValues.getClass().getName()).startsWith(HeaderFirewall.class.getName());
    }

    @Test
    void noFilterIsWrappedInAnObservation() {
        Object decorator = ReflectionTestUtils.getField(builtChain(), "filterChainDecorator");

        assertThat(decorator).isNotInstanceOf(ObservationFilterChainDecorator.class);
        assertThat(filters()).isNotEmpty().allSatisfy(filter ->
                assertThat(filter.getClass().getName()).doesNotContain("Observation"));
    }

    /**
     * The filter chain proxy that Spring Security built and that runs the requests. The bean
     * is a composite wrapped around it, whose own firewall and decorator fields are unused
     * defaults.
     */
    private FilterChainProxy builtChain() {
        Object inner = ReflectionTestUtils.getField(springSecurityFilterChain, "springSecurityFilterChain");
        assertThat(inner).isInstanceOf(FilterChainProxy.class);
        return (FilterChainProxy) inner;
    }

    private List<Filter> filters() {
        return springSecurityFilterChain.getFilterChains().stream()
                .map(SecurityFilterChain::getFilters).flatMap(List::stream).toList();
    }
}
