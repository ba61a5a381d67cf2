package io.assetgate.server.security.idp;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.util.StringUtils;

/**
 * Lets a public client (one that cannot keep a secret, such as the CLI) identify itself by
 * {@code client_id} alone on the device authorization request, the device code grant and the
 * refresh grant. Spring Authorization Server authenticates public clients only for PKCE out of
 * the box. The client MUST be registered with {@link ClientAuthenticationMethod#NONE}; a
 * confidential client still has to present its secret.
 */
final class PublicClientAuthentication {

    private PublicClientAuthentication() {
    }

    /** Reads {@code client_id} from requests that carry no client secret. */
    static final class Converter implements AuthenticationConverter {

        private final String deviceAuthorizationPath;

        Converter(String deviceAuthorizationPath) {
            this.deviceAuthorizationPath = deviceAuthorizationPath;
        }

        @Override
        public Authentication convert(HttpServletRequest request) {
            if (!"POST".equals(request.getMethod()) || request.getHeader("Authorization") != null
                    || request.getParameter("client_secret") != null) {
                return null;
            }
            String grantType = request.getParameter("grant_type");
            boolean deviceAuthorization = request.getRequestURI().endsWith(deviceAuthorizationPath);
            boolean publicGrant = AuthorizationGrantType.DEVICE_CODE.getValue().equals(grantType)
                    || AuthorizationGrantType.REFRESH_TOKEN.getValue().equals(grantType);
            String clientId = request.getParameter("client_id");
            if (!(deviceAuthorization || publicGrant) || !StringUtils.hasText(clientId)) {
                return null;
            }
            return new OAuth2ClientAuthenticationToken(clientId, ClientAuthenticationMethod.NONE, null, null);
        }
    }

    /** Accepts the client only when it is registered as public. */
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
            RegisteredClient client = clients.findByClientId((String) token.getPrincipal());
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
