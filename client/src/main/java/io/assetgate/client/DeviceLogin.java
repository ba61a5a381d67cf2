package io.assetgate.client;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.JsonObject;

/**
 * The OAuth2 device authorization grant (RFC 8628) for a public client such as the CLI:
 * {@link #start()} gets a user code to show, {@link #await(Code)} polls until the user has
 * approved it in a browser.
 */
public final class DeviceLogin {

    private static final String GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    private final OidcDiscovery issuer;
    private final String clientId;
    private final String scope;

    public DeviceLogin(OidcDiscovery issuer, String clientId, String scope) {
        if (issuer.deviceAuthorizationEndpoint() == null) {
            throw new IllegalArgumentException("The issuer " + issuer.issuer() + " has no device authorization endpoint");
        }
        this.issuer = issuer;
        this.clientId = clientId;
        this.scope = scope;
    }

    /** What the user must do: open {@code verificationUri} and enter {@code userCode}. */
    public record Code(String deviceCode, String userCode, String verificationUri, String verificationUriComplete,
            Duration interval, Instant expiresAt) {
    }

    public Code start() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", clientId);
        form.put("scope", scope);
        JsonObject json = TokenEndpoint.post(issuer.deviceAuthorizationEndpoint(), form);
        long interval = json.has("interval") ? json.get("interval").getAsLong() : 5;
        return new Code(json.get("device_code").getAsString(), json.get("user_code").getAsString(),
                json.get("verification_uri").getAsString(),
                json.has("verification_uri_complete") ? json.get("verification_uri_complete").getAsString() : null,
                Duration.ofSeconds(interval), Instant.now().plusSeconds(json.get("expires_in").getAsLong()));
    }

    /** Polls the token endpoint at the issuer's pace until approval, denial or expiry. */
    public Tokens await(Code code) {
        Duration interval = code.interval();
        while (Instant.now().isBefore(code.expiresAt())) {
            RetryPolicy.sleep(interval, null);
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", GRANT);
            form.put("device_code", code.deviceCode());
            form.put("client_id", clientId);
            try {
                return TokenEndpoint.tokens(TokenEndpoint.post(issuer.tokenEndpoint(), form), null);
            } catch (AssetgateException e) {
                if ("slow_down".equals(e.code())) {
                    interval = interval.plusSeconds(5);
                } else if (!"authorization_pending".equals(e.code())) {
                    throw e;
                }
            }
        }
        throw AssetgateException.local("expired_token", "The device code expired before it was approved");
    }
}
