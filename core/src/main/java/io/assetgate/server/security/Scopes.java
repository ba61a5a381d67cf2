package io.assetgate.server.security;

import org.springframework.security.core.Authentication;

/** The API's scopes (docs/api.md), as authorities ({@code SCOPE_} prefix) and as plain names. */
public final class Scopes {

    public static final String READ = "assets:read";
    public static final String WRITE = "assets:write";
    public static final String ADMIN = "assets:admin";

    private Scopes() {
    }

    public static String authority(String scope) {
        return "SCOPE_" + scope;
    }

    /** True when the caller holds {@code scope}. */
    public static boolean has(Authentication authentication, String scope) {
        return authentication != null && authentication.getAuthorities().stream()
                .anyMatch(a -> authority(scope).equals(a.getAuthority()));
    }
}
