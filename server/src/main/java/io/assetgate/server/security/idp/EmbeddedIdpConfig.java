package io.assetgate.server.security.idp;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.http.MediaType;

import io.assetgate.server.config.AssetgateProperties;
import io.assetgate.server.config.DataDirectory;
import io.assetgate.server.security.HardenedJwtDecoder;
import io.assetgate.server.security.JwtProperties;
import io.assetgate.server.security.JwtValidators;
import io.assetgate.server.security.Scopes;
import io.assetgate.server.security.TokenSecurityProperties;

/**
 * The embedded OAuth2/OIDC identity provider (Spring Authorization Server), on when no
 * external issuer is set, so a fresh install works with zero setup. It serves:
 * client credentials for services, the device flow for the CLI ({@value #CLI_CLIENT}),
 * authorization code with PKCE for browsers ({@value #WEB_CLIENT}), and refresh tokens.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.security.oauth2.resourceserver.jwt.issuer-uri:}'.isBlank()")
class EmbeddedIdpConfig {

    static final String CLI_CLIENT = "assetgate-cli";
    static final String WEB_CLIENT = "assetgate-web";
    /** The web uploader and its Uppy page. */
    static final List<String> WEB_PAGES = List.of("/app/", "/app/uppy.html");
    private static final Logger log = LoggerFactory.getLogger(EmbeddedIdpConfig.class);

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerSecurity(HttpSecurity http, RegisteredClientRepository clients,
            AuthorizationServerSettings settings) throws Exception {
        OAuth2AuthorizationServerConfigurer authorizationServer = new OAuth2AuthorizationServerConfigurer();
        http.securityMatcher(authorizationServer.getEndpointsMatcher())
                .with(authorizationServer, as -> as
                        .clientAuthentication(client -> client
                                .authenticationConverter(new PublicClientAuthentication.Converter(
                                        settings.getDeviceAuthorizationEndpoint()))
                                .authenticationProvider(new PublicClientAuthentication.Provider(clients)))
                        .oidc(Customizer.withDefaults())
                        .deviceAuthorizationEndpoint(Customizer.withDefaults())
                        .deviceVerificationEndpoint(verification -> verification.deviceVerificationResponseHandler(
                                new SimpleUrlAuthenticationSuccessHandler(SignInPages.ACTIVATED))))
                .authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
                // The allowlist of HttpHygiene's CORS source: a page on an allowed origin signs in.
                .cors(Customizer.withDefaults())
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain signInSecurity(HttpSecurity http) throws Exception {
        // default-ui.css: the stylesheet of Spring Security's own login page.
        http.securityMatcher("/login", "/logout", "/default-ui.css", SignInPages.ACTIVATED)
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .formLogin(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(AssetgateProperties properties) {
        return AuthorizationServerSettings.builder()
                .issuer(properties.baseUrl())
                .build();
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(DataDirectory dataDir) {
        JWKSet keys = SigningKeys.load(dataDir);
        return new ImmutableJWKSet<>(keys);
    }

    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource, AssetgateProperties properties,
            JwtProperties jwt, TokenSecurityProperties security) {
        return HardenedJwtDecoder.of(jwkSource, JwtValidators.forIssuer(properties.baseUrl(), jwt, security),
                security.tokenCache().toCache());
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    IdpDirectory idpDirectory(IdpProperties properties, DataDirectory dataDir) {
        log.warn("Using the embedded identity provider. It is meant for development and small installs; "
                + "set spring.security.oauth2.resourceserver.jwt.issuer-uri to use your SSO provider.");
        List<IdpProperties.User> users = new ArrayList<>(properties.users());
        List<IdpProperties.Client> clients = new ArrayList<>(properties.clients());
        if (users.isEmpty() && clients.isEmpty()) {
            InitialCredentials.Generated generated = InitialCredentials.loadOrCreate(dataDir);
            users.add(generated.user());
            clients.add(generated.client());
        }
        return new IdpDirectory(users, clients);
    }

    @Bean
    UserDetailsService userDetailsService(IdpDirectory directory, PasswordEncoder encoder) {
        List<UserDetails> users = directory.users().stream()
                .map(u -> User.withUsername(u.username())
                        .password(encoded(u.password(), encoder))
                        .authorities(u.scopes().stream().map(Scopes::authority).toArray(String[]::new))
                        .build())
                .toList();
        return new InMemoryUserDetailsManager(users);
    }

    @Bean
    RegisteredClientRepository registeredClientRepository(IdpDirectory directory, IdpProperties properties,
            AssetgateProperties server, PasswordEncoder encoder) {
        TokenSettings tokens = TokenSettings.builder()
                .accessTokenTimeToLive(properties.accessTokenTtl())
                .refreshTokenTimeToLive(properties.refreshTokenTtl())
                .reuseRefreshTokens(false)
                .build();
        Set<String> userScopes = Set.of(OidcScopes.OPENID, OidcScopes.PROFILE, Scopes.READ, Scopes.WRITE, Scopes.ADMIN);
        List<RegisteredClient> clients = new ArrayList<>();
        clients.add(RegisteredClient.withId(CLI_CLIENT).clientId(CLI_CLIENT)
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.DEVICE_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .scopes(s -> s.addAll(userScopes))
                .clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
                .tokenSettings(tokens)
                .build());
        // The web uploader's pages served at /app/ are where the browser client returns, unless set.
        List<String> redirects = properties.redirectUris().isEmpty()
                ? WEB_PAGES.stream().map(page -> server.baseUrl() + page).toList() : properties.redirectUris();
        clients.add(RegisteredClient.withId(WEB_CLIENT).clientId(WEB_CLIENT)
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .redirectUris(r -> r.addAll(redirects))
                .scopes(s -> s.addAll(userScopes))
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                .tokenSettings(tokens)
                .build());
        for (IdpProperties.Client c : directory.clients()) {
            clients.add(RegisteredClient.withId(UUID.nameUUIDFromBytes(c.clientId().getBytes()).toString())
                    .clientId(c.clientId())
                    .clientSecret(encoded(c.clientSecret(), encoder))
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                    .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                    .scopes(s -> s.addAll(c.scopes()))
                    .tokenSettings(tokens)
                    .build());
        }
        return new InMemoryRegisteredClientRepository(clients);
    }

    /**
     * Authorizations live in the database, not in memory: refresh tokens and device codes
     * survive a restart, and every instance sees the same ones.
     */
    @Bean
    OAuth2AuthorizationService authorizationService(JdbcTemplate jdbc, RegisteredClientRepository clients) {
        return new JdbcOAuth2AuthorizationService(jdbc, clients);
    }

    @Bean
    ExpiredAuthorizationPurge expiredAuthorizationPurge(JdbcClient jdbc, Clock clock) {
        return new ExpiredAuthorizationPurge(jdbc, clock);
    }

    @Bean
    AccessTokenCustomizer accessTokenCustomizer(JwtProperties jwt, UserDetailsService users) {
        return new AccessTokenCustomizer(jwt.audiences().getFirst(), users);
    }

    private static String encoded(String secret, PasswordEncoder encoder) {
        return secret.startsWith("{") ? secret : encoder.encode(secret);
    }

    /** The users and service clients in force: from settings, or the generated ones. */
    record IdpDirectory(List<IdpProperties.User> users, List<IdpProperties.Client> clients) {
    }
}
