package io.assetgate.server.security.idp;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import io.assetgate.server.support.TestDatabases;

/**
 * The embedded identity provider's authorizations in both databases: the migration's column
 * types work with Spring Authorization Server's JDBC store on each, and the purge removes
 * only what can no longer be used.
 */
class AuthorizationStoreDatabaseTest {

    private static final String DATABASES = "io.assetgate.server.support.TestDatabases#both";

    private static final RegisteredClient CLI = RegisteredClient.withId(EmbeddedIdpConfig.CLI_CLIENT)
            .clientId(EmbeddedIdpConfig.CLI_CLIENT)
            .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
            .authorizationGrantType(AuthorizationGrantType.DEVICE_CODE)
            .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
            .scope("assets:read").scope("assets:write")
            .build();

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void aSignedInUsersAuthorizationIsFoundByItsRefreshTokenWithItsPrincipal(String name, DataSource dataSource) {
        JdbcOAuth2AuthorizationService store = store(dataSource);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        OAuth2Authorization saved = authorization("refresh-" + UUID.randomUUID(), now, Duration.ofDays(30));

        store.save(saved);
        OAuth2Authorization found = store.findByToken(saved.getRefreshToken().getToken().getTokenValue(),
                OAuth2TokenType.REFRESH_TOKEN);

        assertThat(found).isNotNull();
        assertThat(found.getPrincipalName()).isEqualTo("nina");
        assertThat(found.getAuthorizedScopes()).containsExactlyInAnyOrder("assets:read", "assets:write");
        assertThat(found.getAccessToken().getToken().getTokenValue())
                .isEqualTo(saved.getAccessToken().getToken().getTokenValue());
        assertThat(found.getRefreshToken().getToken().getExpiresAt())
                .isEqualTo(saved.getRefreshToken().getToken().getExpiresAt());
        UsernamePasswordAuthenticationToken principal = found.getAttribute(Principal.class.getName());
        assertThat(principal.getName()).isEqualTo("nina");
        assertThat(AuthorityUtils.authorityListToSet(principal.getAuthorities())).contains("SCOPE_assets:write");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void thePurgeDeletesOnlyAuthorizationsWhoseEveryTokenExpired(String name, DataSource dataSource) {
        JdbcOAuth2AuthorizationService store = store(dataSource);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        OAuth2Authorization expired = authorization("expired", now.minus(Duration.ofDays(31)), Duration.ofDays(30));
        OAuth2Authorization refreshable = authorization("refreshable", now.minus(Duration.ofHours(1)),
                Duration.ofDays(30));
        OAuth2Authorization inFlight = OAuth2Authorization.withRegisteredClient(CLI).id(UUID.randomUUID().toString())
                .principalName("nina").authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .attribute("state", "in-flight").build();
        store.save(expired);
        store.save(refreshable);
        store.save(inFlight);

        int purged = new ExpiredAuthorizationPurge(JdbcClient.create(dataSource), Clock.systemUTC()).purge();

        assertThat(purged).isEqualTo(1);
        assertThat(store.findById(expired.getId())).isNull();
        assertThat(store.findById(refreshable.getId())).as("its access token expired, its refresh token not")
                .isNotNull();
        assertThat(store.findById(inFlight.getId())).isNotNull();
    }

    private static JdbcOAuth2AuthorizationService store(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return new JdbcOAuth2AuthorizationService(new JdbcTemplate(dataSource), new InMemoryRegisteredClientRepository(CLI));
    }

    /** Nina's authorization from a device sign-in at {@code issuedAt}: a 15-minute access token and a refresh token. */
    private static OAuth2Authorization authorization(String refreshToken, Instant issuedAt, Duration refreshTtl) {
        User nina = new User("nina", "", AuthorityUtils.createAuthorityList("SCOPE_assets:read", "SCOPE_assets:write"));
        var principal = UsernamePasswordAuthenticationToken.authenticated(nina, null, nina.getAuthorities());
        // A real access token is a signed JWT of about a kilobyte.
        String accessToken = "eyJ" + "x".repeat(1200) + UUID.randomUUID();
        return OAuth2Authorization.withRegisteredClient(CLI).id(UUID.randomUUID().toString())
                .principalName("nina")
                .authorizationGrantType(AuthorizationGrantType.DEVICE_CODE)
                .authorizedScopes(Set.of("assets:read", "assets:write"))
                .attribute(Principal.class.getName(), principal)
                .accessToken(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, accessToken, issuedAt,
                        issuedAt.plus(Duration.ofMinutes(15)), Set.of("assets:read", "assets:write")))
                .refreshToken(new OAuth2RefreshToken(refreshToken, issuedAt, issuedAt.plus(refreshTtl)))
                .build();
    }
}
