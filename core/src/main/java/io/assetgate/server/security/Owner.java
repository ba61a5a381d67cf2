package io.assetgate.server.security;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who owns an upload or asset: the token's issuer plus its subject. The pair, not the subject
 * alone, is the identity, because two identity providers may issue the same subject.
 */
public record Owner(String issuer, String subject) {

    /** The owner named by a validated access token. */
    public static Owner of(Jwt jwt) {
        String issuer = jwt.getClaimAsString("iss");
        return new Owner(issuer == null ? "" : issuer, jwt.getSubject());
    }

    @Override
    public String toString() {
        return issuer + "#" + subject;
    }
}
