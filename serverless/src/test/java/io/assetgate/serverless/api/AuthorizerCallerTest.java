package io.assetgate.serverless.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;

import io.assetgate.server.security.Caller;
import io.assetgate.server.security.Owner;

class AuthorizerCallerTest {

    @Test
    void theClaimsMakeTheServersCaller() {
        var token = AuthorizerCaller.of(Map.of("iss", "https://idp.example.com", "sub", "alice",
                "scope", "assets:read assets:admin", "exp", "1893456000", "client_id", "app")).orElseThrow();
        assertThat(token.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("SCOPE_assets:read", "SCOPE_assets:admin");
        Caller caller = Caller.of(token);
        assertThat(caller.owner()).isEqualTo(new Owner("https://idp.example.com", "alice"));
        assertThat(caller.admin()).isTrue();
        assertThat(caller.clientId()).isEqualTo("app");
    }

    @Test
    void aListClaimAsApiGatewayPassesItGivesEachScope() {
        assertThat(AuthorizerCaller.authorities(Map.of("scp", "[assets:read assets:write]")))
                .extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("SCOPE_assets:read", "SCOPE_assets:write");
    }

    @Test
    void noClaimsOrNoSubjectIsNoCaller() {
        assertThat(AuthorizerCaller.of(null)).isEmpty();
        assertThat(AuthorizerCaller.of(Map.of())).isEmpty();
        assertThat(AuthorizerCaller.of(Map.of("iss", "x", "scope", "assets:write"))).isEmpty();
    }
}
