package io.assetgate.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * The decoder remembers tokens whose signature verified, but never lets that skip the claim
 * checks: a remembered token that has expired (here: that the validator refuses) is refused.
 */
class VerifiedTokenCacheTest {

    private RSAKey key;
    private final AtomicInteger keyLookups = new AtomicInteger();
    private final AtomicBoolean claimsAccepted = new AtomicBoolean(true);
    private JWKSource<SecurityContext> keys;
    private final OAuth2TokenValidator<Jwt> validator = jwt -> claimsAccepted.get()
            ? OAuth2TokenValidatorResult.success()
            : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "Jwt expired at " + jwt.getExpiresAt(), null));

    @BeforeEach
    void keys() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        JWKSet set = new JWKSet(key.toPublicJWK());
        keys = (selector, context) -> {
            keyLookups.incrementAndGet();
            List<JWK> found = selector.select(set);
            return found;
        };
    }

    @Test
    void aVerifiedTokenIsNotVerifiedAgain() throws Exception {
        JwtDecoder decoder = HardenedJwtDecoder.of(keys, validator,
                new HardenedJwtDecoder.TokenCache(100, Duration.ofMinutes(5)));
        String token = token("alice");

        assertThat(decoder.decode(token).getSubject()).isEqualTo("alice");
        assertThat(decoder.decode(token).getSubject()).isEqualTo("alice");
        assertThat(keyLookups).hasValue(1);

        decoder.decode(token("bob"));
        assertThat(keyLookups).hasValue(2);
    }

    @Test
    void claimChecksRunOnEveryRequestEvenForARememberedToken() throws Exception {
        JwtDecoder decoder = HardenedJwtDecoder.of(keys, validator,
                new HardenedJwtDecoder.TokenCache(100, Duration.ofMinutes(5)));
        String token = token("alice");
        decoder.decode(token);

        claimsAccepted.set(false);

        assertThatThrownBy(() -> decoder.decode(token))
                .isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("expired");
        assertThat(HardenedJwtDecoder.reasonOf(catchDecode(decoder, token))).isEqualTo("expired");
    }

    @Test
    void aTamperedCopyOfARememberedTokenIsStillRefused() throws Exception {
        JwtDecoder decoder = HardenedJwtDecoder.of(keys, validator,
                new HardenedJwtDecoder.TokenCache(100, Duration.ofMinutes(5)));
        String token = token("alice");
        decoder.decode(token);
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + token("mallory").split("\\.")[1] + "." + parts[2];

        assertThatThrownBy(() -> decoder.decode(forged)).isInstanceOf(BadJwtException.class);
    }

    @Test
    void withoutACacheEveryRequestVerifies() throws Exception {
        JwtDecoder decoder = HardenedJwtDecoder.of(keys, validator, HardenedJwtDecoder.TokenCache.NONE);
        String token = token("alice");

        decoder.decode(token);
        decoder.decode(token);

        assertThat(keyLookups).hasValue(2);
    }

    private static Exception catchDecode(JwtDecoder decoder, String token) {
        try {
            decoder.decode(token);
            throw new AssertionError("the token was accepted");
        } catch (RuntimeException e) {
            return e;
        }
    }

    private String token(String subject) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().subject(subject).issuer("https://issuer.test")
                        .expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
