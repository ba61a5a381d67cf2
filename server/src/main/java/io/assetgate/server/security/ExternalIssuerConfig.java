package io.assetgate.server.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;

/**
 * Tokens from an external OIDC provider (Keycloak, Cognito, Okta, Entra ID, Auth0...), found
 * through its discovery document. Discovery is lazy, so the server starts even while the
 * provider is briefly unreachable; calls answer 401 until it is back.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${spring.security.oauth2.resourceserver.jwt.issuer-uri:}'.isBlank()")
class ExternalIssuerConfig {

    @Bean
    JwtDecoder jwtDecoder(JwtProperties properties) {
        return new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(properties.issuerUri()).build();
            decoder.setJwtValidator(JwtValidators.forIssuer(properties.issuerUri(), properties));
            return decoder;
        });
    }
}
