package io.assetgate.server.security.idp;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Client authentication for public clients (no secret) in the device flow: the device
 * authorization request, the device-code grant, and the refresh-token grant. Spring
 * Authorization Server only accepts public clients with PKCE, which the device flow has not.
 * A public client MUST be registered with authentication method {@code none}: a confidential
 * client's id alone never authenticates it. Refresh tokens are rotated on each use
 * ({@code reuseRefreshTokens(false)}), as OAuth 2.1 asks for public clients.
 */
final class PublicCliClient {

    private PublicCliClient() {
    }

    /** Reads {@code client_id} from a device-flow request that carries no other credentials. */
    static final class Converter implements AuthenticationConverter {

        private final String deviceAuthorizationPath;

        Converter(String deviceAuthorizationPath) {
            this.deviceAuthorizationPath = deviceAuthorizationPath;
        }

        @Override
        public Authentication convert(HttpServletRequest request) {
            if (!"POST".equals(request.getMethod()) || request.getHeader(HttpHeaders.AUTHORIZATION) != null
                    || request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null
                    || request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) != null) {
                return null;
            }
            String path = request.getRequestURI().substring(request.getContextPath().length());
            String grant = request.getParameter(OAuth2ParameterNames.GRANT_TYPE);
            boolean deviceFlow = path.equals(deviceAuthorizationPath)
                    || AuthorizationGrantType.DEVICE_CODE.getValue().equals(grant)
                    || AuthorizationGrantType.REFRESH_TOKEN.getValue().equals(grant);
            String[] clientIds = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
            if (!deviceFlow || clientIds == null || clientIds.length != 1 || clientIds[0].isBlank()) {
                return null;
            }
            return new OAuth2ClientAuthenticationToken(clientIds[0], ClientAuthenticationMethod.NONE, null, null);
        }
    }

    /** Accepts the client when it is registered as public. */
    static final class Provider implements AuthenticationProvider {

        private final RegisteredClientRepository clients;

        Provider(RegisteredClientRepository clients) {
            this.clients = clients;
        }

        @Override
        public Authentication authenticate(Authentication authentication) {
            OAuth2ClientAuthenticationToken token = (OAuth2ClientAuthenticationToken) authentication;
            if (!ClientAuthenticationMethod.NONE.equals(token.getClientAuthenticationMethod())) {
                return null;
            }
            RegisteredClient client = clients.findByClientId(String.valueOf(token.getPrincipal()));
            if (client == null || !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)) {
                throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
            }
            return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
        }

        @Override
        public boolean supports(Class<?> type) {
            return OAuth2ClientAuthenticationToken.class.isAssignableFrom(type);
        }
    }
}
