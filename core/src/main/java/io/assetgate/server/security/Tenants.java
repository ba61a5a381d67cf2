package io.assetgate.server.security;

import java.util.regex.Pattern;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Optional tenant isolation ({@code assetgate.security.tenant-claim}). The tenant comes from a
 * validated token claim and becomes the first segment of every new object key, so that each
 * tenant's objects can be given their own bucket policy, lifecycle and cost report.
 */
@Component
public class Tenants {

    /** A tenant MUST be a plain key segment: nothing that could climb or split a path. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final TokenSecurityProperties properties;

    public Tenants(TokenSecurityProperties properties) {
        this.properties = properties;
    }

    static boolean isWellFormed(String tenant) {
        return tenant != null && SAFE.matcher(tenant).matches();
    }

    /** The object key prefix of the current caller: {@code "<tenant>/"}, or empty without isolation. */
    public String keyPrefix() {
        if (!properties.tenantIsolation()) {
            return "";
        }
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth instanceof JwtAuthenticationToken token) {
            String tenant = token.getToken().getClaimAsString(properties.tenantClaim());
            if (isWellFormed(tenant)) {
                return tenant + "/";
            }
        }
        throw new IllegalStateException("Tenant isolation is on but the caller has no valid tenant");
    }
}
