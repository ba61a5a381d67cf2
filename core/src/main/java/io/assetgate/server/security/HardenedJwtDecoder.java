package io.assetgate.server.security;

import java.text.ParseException;
import java.time.Duration;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The one way access tokens are decoded, for the embedded and external issuers alike.
 *
 * <p>Security invariants:
 * <ul>
 * <li>Only asymmetric signatures (RS*, PS*, ES*) with a key from the issuer's own key set
 * MUST be accepted. {@code alg: none} and HMAC (for example HS256 "signed" with the public
 * key) never verify.</li>
 * <li>A token whose header names its own key ({@code jku}, {@code x5u}, {@code jwk},
 * {@code x5c}) MUST be refused before any verification; these are never followed.</li>
 * </ul>
 * Rejections carry a short reason ({@link #reasonOf}) for metrics and the audit trail; the
 * token itself is never logged.
 *
 * <p>A client sends the same token with every request until it expires, and checking its
 * signature and parsing its claims is the largest cost of an authenticated request. Tokens
 * whose signature verified are therefore remembered for a short while ({@link TokenCache});
 * the claim checks (expiry, not-before, issuer, audience, tenant) still run on every request,
 * so a remembered token stops working at the same instant an unremembered one would.
 */
public final class HardenedJwtDecoder implements JwtDecoder {

    static final Set<SignatureAlgorithm> ASYMMETRIC = Set.of(SignatureAlgorithm.RS256, SignatureAlgorithm.RS384,
            SignatureAlgorithm.RS512, SignatureAlgorithm.ES256, SignatureAlgorithm.ES384, SignatureAlgorithm.ES512,
            SignatureAlgorithm.PS256, SignatureAlgorithm.PS384, SignatureAlgorithm.PS512);
    private static final Set<String> SELF_KEYED_HEADERS = Set.of("jku", "x5u", "jwk", "x5c");
    /** Prefix of rejection messages made here: {@code [reason] text}. */
    private static final String REASON_OPEN = "[";

    private final JwtDecoder delegate;
    private final OAuth2TokenValidator<Jwt> validator;
    /** Tokens whose signature verified, by their exact text. Null: nothing is remembered. */
    private final Cache<String, Jwt> verified;

    private HardenedJwtDecoder(JwtDecoder delegate, OAuth2TokenValidator<Jwt> validator, TokenCache cache) {
        this.delegate = delegate;
        this.validator = validator;
        this.verified = cache.maxSize() <= 0 || cache.ttl().isZero() ? null
                : Caffeine.newBuilder().maximumSize(cache.maxSize()).expireAfterWrite(cache.ttl()).build();
    }

    /** A decoder verifying against {@code keys} with the given claim checks. */
    public static JwtDecoder of(JWKSource<SecurityContext> keys, OAuth2TokenValidator<Jwt> validator,
            TokenCache cache) {
        NimbusJwtDecoder nimbus = NimbusJwtDecoder.withJwkSource(keys)
                .jwsAlgorithms(algorithms -> {
                    algorithms.clear();
                    algorithms.addAll(ASYMMETRIC);
                })
                .build();
        // The claim checks run here, after the cache, on every request: see validate().
        nimbus.setJwtValidator(jwt -> OAuth2TokenValidatorResult.success());
        return new HardenedJwtDecoder(nimbus, validator, cache);
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt jwt = verified == null ? null : verified.getIfPresent(token);
        if (jwt == null) {
            jwt = verify(token);
            if (verified != null) {
                verified.put(token, jwt);
            }
        }
        return validate(jwt);
    }

    /**
     * How long, and how many, verified tokens are remembered. A key removed from the issuer's
     * key set keeps verifying the tokens it signed for at most {@code ttl}.
     */
    public record TokenCache(int maxSize, Duration ttl) {
        /** Remembers nothing: every request verifies its token's signature. */
        public static final TokenCache NONE = new TokenCache(0, Duration.ZERO);
    }

    private Jwt validate(Jwt jwt) {
        OAuth2TokenValidatorResult result = validator.validate(jwt);
        if (result.hasErrors()) {
            OAuth2Error first = result.getErrors().iterator().next();
            String description = first.getDescription() != null ? first.getDescription() : first.getErrorCode();
            throw new JwtValidationException("An error occurred while attempting to decode the Jwt: " + description,
                    result.getErrors());
        }
        return jwt;
    }

    private Jwt verify(String token) {
        JWT parsed;
        try {
            parsed = JWTParser.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw rejected("malformed", "The token is not a JWT");
        }
        if (!(parsed instanceof SignedJWT signed)) {
            throw rejected("unsigned", "The token is not signed");
        }
        JWSHeader header = signed.getHeader();
        for (String name : header.getIncludedParams()) {
            if (SELF_KEYED_HEADERS.contains(name)) {
                throw rejected("header_key", "The token header names its own key (" + name + ")");
            }
        }
        if (ASYMMETRIC.stream().noneMatch(a -> a.getName().equals(header.getAlgorithm().getName()))) {
            throw rejected("algorithm", "The token algorithm is not accepted");
        }
        try {
            return delegate.decode(token);
        } catch (BadJwtException e) {
            throw e;
        } catch (JwtException e) {
            // A key that cannot be found (unknown kid past the refresh limit, or the provider
            // unreachable with no cached key) MUST answer 401, not 500: a client can cause it.
            throw new BadJwtException("[keys_unavailable] No key of the issuer verifies this token", e);
        }
    }

    private static BadJwtException rejected(String reason, String message) {
        return new BadJwtException(REASON_OPEN + reason + "] " + message);
    }

    /**
     * A short, stable reason for a failed authentication, from the exception's message chain:
     * {@code missing}, {@code malformed}, {@code unsigned}, {@code header_key}, {@code algorithm},
     * {@code signature}, {@code expired}, {@code not_yet_valid}, {@code issuer}, {@code audience},
     * {@code no_expiry}, {@code tenant}, {@code keys_unavailable} or {@code invalid}.
     */
    public static String reasonOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage();
            int open = m.indexOf(REASON_OPEN);
            int close = m.indexOf(']');
            if (open >= 0 && close > open + 1 && m.substring(open + 1, close).matches("[a-z_]+")) {
                return m.substring(open + 1, close);
            }
            String lower = m.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("expired")) {
                return "expired";
            }
            if (lower.contains("used before")) {
                return "not_yet_valid";
            }
            if (lower.contains("iss claim")) {
                return "issuer";
            }
            if (lower.contains("aud claim") || lower.contains("audience") || lower.contains("client_id")) {
                return "audience";
            }
            if (lower.contains("exp claim")) {
                return "no_expiry";
            }
            if (lower.contains("signature") || lower.contains("no matching key") || lower.contains("another algorithm")) {
                return "signature";
            }
            if (lower.contains("couldn't retrieve") || lower.contains("rate limit") || lower.contains("jwk set")) {
                return "keys_unavailable";
            }
            if (lower.contains("malformed") || lower.contains("parse")) {
                return "malformed";
            }
        }
        return "invalid";
    }
}
