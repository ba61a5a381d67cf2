package io.assetgate.server.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;

/**
 * The API's security: stateless bearer tokens on {@code /v1}, scope rules per endpoint, and
 * everything else closed unless listed. Signed storage links ({@code /store}) carry their
 * own signature and need no token; the web uploader's static files ({@code /app}) are public.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfig {

    private static final String READ = Scopes.authority(Scopes.READ);
    private static final String WRITE = Scopes.authority(Scopes.WRITE);
    private static final String ADMIN = Scopes.authority(Scopes.ADMIN);

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE - 10)
    SecurityFilterChain apiSecurity(HttpSecurity http, ProblemSecurityHandlers handlers) throws Exception {
        http
                .csrf(csrf -> csrf.disable())
                .cors(cors -> { })
                .headers(HttpHygiene::headers)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/v1/audit/**").hasAuthority(ADMIN)
                        .requestMatchers(HttpMethod.GET, "/v1/uploads/**").hasAnyAuthority(WRITE, READ)
                        .requestMatchers("/v1/uploads/**").hasAuthority(WRITE)
                        .requestMatchers(HttpMethod.DELETE, "/v1/assets/**").hasAuthority(WRITE)
                        .requestMatchers(HttpMethod.GET, "/v1/assets/**", "/v1/events/**").hasAnyAuthority(READ, ADMIN)
                        .requestMatchers("/v1/**").denyAll()
                        .requestMatchers("/store/**").permitAll()
                        // The web uploader's files: a page and its assets, no data; it signs in itself.
                        .requestMatchers(HttpMethod.GET, "/app", "/app/**").permitAll()
                        .requestMatchers("/actuator/health/**", "/actuator/info", "/actuator/prometheus").permitAll()
                        .requestMatchers("/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                        .requestMatchers("/error").permitAll()
                        .anyRequest().denyAll())
                .oauth2ResourceServer(rs -> rs
                        .jwt(jwt -> { })
                        .authenticationEntryPoint(handlers)
                        .accessDeniedHandler(handlers))
                .exceptionHandling(e -> e.authenticationEntryPoint(handlers).accessDeniedHandler(handlers));
        return http.build();
    }

    /**
     * No Spring Security observations. With them every filter of every request is wrapped in
     * an observation; turning them off by property
     * ({@code management.observations.enable.spring.security=false}) only makes those
     * observations no-ops, and the wrapping stays. {@code http.server.requests} still times
     * each request, and the audit trail and {@code assetgate.auth.*} metrics record
     * authentication outcomes.
     */
    @Bean
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /** The bearer token from the {@code Authorization} header only; see {@link BearerTokens}. */
    @Bean
    BearerTokenResolver bearerTokenResolver() {
        return new BearerTokens();
    }

    /** Spring Security's strict firewall, with cheaper header checks; see {@link HeaderFirewall}. */
    @Bean
    HttpFirewall httpFirewall() {
        return HeaderFirewall.strict();
    }
}
