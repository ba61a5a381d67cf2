package io.assetgate.server.support;

import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/**
 * Crafts the tokens an attacker would send: unsigned, HMAC-signed with the issuer's public
 * key, carrying their own key in the header, signed by a stranger's key, or signed with the
 * issuer's genuine key but with bad claims.
 */
public final class ForgedTokens {

    private ForgedTokens() {
    }

    /** Claims that would be valid for {@code subject} with read and write scopes. */
    public static JWTClaimsSet.Builder validClaims(String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(TestIdp.issuerUrl())
                .subject(subject)
                .audience(List.of(TestIdp.AUDIENCE))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .jwtID(UUID.randomUUID().toString())
                .claim("scope", "assets:read assets:write");
    }

    /** Genuinely signed by the trusted issuer's key, with claims changed by {@code edit}. */
    public static String genuine(String subject, Consumer<JWTClaimsSet.Builder> edit) {
        JWTClaimsSet.Builder claims = validClaims(subject);
        edit.accept(claims);
        return signRsa(TestIdp.signingKey(), header(JWSAlgorithm.RS256, TestIdp.signingKey().getKeyID()), claims.build());
    }

    /** Genuinely signed, valid claims, with the header changed by {@code edit} (jku, x5u, jwk...). */
    public static String genuineWithHeader(String subject, Consumer<JWSHeader.Builder> edit) {
        JWSHeader.Builder header = header(JWSAlgorithm.RS256, TestIdp.signingKey().getKeyID());
        edit.accept(header);
        return signRsa(TestIdp.signingKey(), header, validClaims(subject).build());
    }

    /** {@code alg: none}: valid claims, no signature. */
    public static String unsigned(String subject) {
        return new PlainJWT(validClaims(subject).build()).serialize();
    }

    /** {@code alg: none} spelled by hand with a trailing fake signature. */
    public static String noneWithSignature(String subject) {
        String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}").toString();
        String payload = Base64URL.encode(validClaims(subject).build().toString()).toString();
        return header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
    }

    /** HS256 "signed" with the issuer's public key as the HMAC secret (algorithm confusion). */
    public static String hmacWithPublicKey(String subject) {
        try {
            RSAKey key = TestIdp.signingKey();
            byte[] secret = key.toRSAPublicKey().getEncoded();
            SignedJWT jwt = new SignedJWT(header(JWSAlgorithm.HS256, key.getKeyID()).build(), validClaims(subject).build());
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signed by a key the issuer never published, with the issuer's own kid. */
    public static String strangerKey(String subject, boolean reuseIssuerKid) {
        try {
            RSAKey stranger = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
            String kid = reuseIssuerKid ? TestIdp.signingKey().getKeyID() : stranger.getKeyID();
            return signRsa(stranger, header(JWSAlgorithm.RS256, kid), validClaims(subject).build());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** ES256 with a stranger's key that the header carries itself ({@code jwk}): the classic self-signed token. */
    public static String embeddedJwk(String subject) {
        try {
            ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(stranger.getKeyID())
                    .jwk(stranger.toPublicJWK()).build(), validClaims(subject).build());
            jwt.sign(new ECDSASigner(stranger));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signed token with the signature bytes flipped. */
    public static String tamperedSignature(String subject) {
        String token = genuine(subject, c -> { });
        char last = token.charAt(token.length() - 10);
        return token.substring(0, token.length() - 10) + (last == 'A' ? 'B' : 'A') + token.substring(token.length() - 9);
    }

    /** A genuine token whose payload was swapped for another subject's, keeping the signature. */
    public static String swappedPayload(String subject, String victim) {
        String[] mine = genuine(subject, c -> { }).split("\\.");
        String theirs = Base64URL.encode(validClaims(victim).build().toString()).toString();
        return mine[0] + "." + theirs + "." + mine[2];
    }

    private static JWSHeader.Builder header(JWSAlgorithm alg, String kid) {
        return new JWSHeader.Builder(alg).keyID(kid).customParams(Map.of());
    }

    private static String signRsa(RSAKey key, JWSHeader.Builder header, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(header.build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
