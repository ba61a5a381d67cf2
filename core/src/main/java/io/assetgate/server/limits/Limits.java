package io.assetgate.server.limits;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

import io.assetgate.server.security.Scopes;

/** Resolves the limits in force for a caller: the defaults, or the first matching override. */
@Component
public class Limits {

    private final LimitsProperties properties;

    public Limits(LimitsProperties properties) {
        this.properties = properties;
    }

    /** The effective limits; {@code 0} means no limit. */
    public record Effective(long uploadsPerMinute, long quotaBytes, long quotaAssets) {
    }

    /** The limits of the caller authenticated on this thread. */
    public Effective current() {
        return of(SecurityContextHolder.getContext().getAuthentication());
    }

    public Effective of(Authentication auth) {
        Effective base = new Effective(properties.uploadsPerMinute(), properties.quotaBytes().toBytes(),
                properties.quotaAssets());
        for (LimitsProperties.Override o : properties.overrides()) {
            if (matches(o, auth)) {
                return new Effective(
                        o.uploadsPerMinute() != null ? o.uploadsPerMinute() : base.uploadsPerMinute(),
                        o.quotaBytes() != null ? o.quotaBytes().toBytes() : base.quotaBytes(),
                        o.quotaAssets() != null ? o.quotaAssets() : base.quotaAssets());
            }
        }
        return base;
    }

    private static boolean matches(LimitsProperties.Override o, Authentication auth) {
        if (o.scope() != null && Scopes.has(auth, o.scope())) {
            return true;
        }
        if (o.claim() != null && auth instanceof JwtAuthenticationToken token) {
            Object value = token.getToken().getClaims().get(o.claim());
            return value != null && String.valueOf(value).equals(o.value());
        }
        return false;
    }
}
