package io.assetgate.serverless.api;

import java.util.Set;

import org.springframework.security.core.Authentication;

import io.assetgate.server.security.Scopes;

/**
 * The scope each call needs: the same table as the server's security configuration (docs/api.md,
 * "Scopes"). API Gateway's routes carry the same scopes as authorization scopes; the check
 * here keeps a function safe when it is reached another way.
 */
final class ScopeRules {

    private ScopeRules() {
    }

    /** True when the caller holds a scope that allows this call. */
    static boolean allows(Authentication caller, String method, String path) {
        for (String scope : needed(method, path)) {
            if (Scopes.has(caller, scope)) {
                return true;
            }
        }
        return false;
    }

    /** Any one of these suffices; none: no one may call it. */
    static Set<String> needed(String method, String path) {
        if (under(path, "/v1/audit")) {
            return Set.of(Scopes.ADMIN);
        }
        if (under(path, "/v1/uploads")) {
            return method.equals("GET") ? Set.of(Scopes.WRITE, Scopes.READ) : Set.of(Scopes.WRITE);
        }
        if (under(path, "/v1/assets") && method.equals("DELETE")) {
            return Set.of(Scopes.WRITE);
        }
        if ((under(path, "/v1/assets") || under(path, "/v1/events")) && method.equals("GET")) {
            return Set.of(Scopes.READ, Scopes.ADMIN);
        }
        return Set.of();
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
