package io.assetgate.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.google.gson.JsonObject;

/**
 * The endpoints an issuer publishes at {@code /.well-known/openid-configuration}.
 *
 * @param deviceAuthorizationEndpoint null when the issuer has no device flow
 */
public record OidcDiscovery(String issuer, URI tokenEndpoint, URI deviceAuthorizationEndpoint) {

    /** Reads the discovery document of {@code issuer} (for the embedded IdP: the server's URL). */
    public static OidcDiscovery of(URI issuer) {
        String base = issuer.toString().replaceAll("/+$", "");
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(30)).header("Accept", "application/json").GET().build();
        try {
            HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw AssetgateException.answered(response.statusCode(), ErrorCodes.DISCOVERY_FAILED,
                        "No OpenID configuration at " + request.uri() + " (HTTP " + response.statusCode() + ")",
                        null);
            }
            JsonObject json = Json.read(response.body(), JsonObject.class);
            String device = json.has("device_authorization_endpoint")
                    ? json.get("device_authorization_endpoint").getAsString() : null;
            return new OidcDiscovery(json.get("issuer").getAsString(),
                    URI.create(json.get("token_endpoint").getAsString()), device == null ? null : URI.create(device));
        } catch (IOException e) {
            throw AssetgateException.network("Cannot reach " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AssetgateException.cancelled();
        }
    }
}
