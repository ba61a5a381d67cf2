package io.assetgate.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.StringJoiner;

import com.google.gson.JsonObject;

/** Form posts to an OAuth2 token endpoint (RFC 6749 section 5), shared by the token providers. */
final class TokenEndpoint {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private TokenEndpoint() {
    }

    /** Posts {@code form}; answers the JSON object, or throws with the OAuth2 {@code error} as the code. */
    static JsonObject post(URI endpoint, Map<String, String> form) {
        StringJoiner body = new StringJoiner("&");
        form.forEach((k, v) -> {
            if (v != null) {
                body.add(encode(k) + "=" + encode(v));
            }
        });
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw AssetgateException.network("Cannot reach the token endpoint " + endpoint + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AssetgateException.cancelled();
        }
        JsonObject json;
        try {
            json = Json.read(response.body(), JsonObject.class);
        } catch (RuntimeException e) {
            json = null;
        }
        if (response.statusCode() / 100 == 2 && json != null) {
            return json;
        }
        String error = json != null && json.has("error") ? json.get("error").getAsString() : ErrorCodes.TOKEN_ENDPOINT;
        String description = json != null && json.has("error_description")
                ? json.get("error_description").getAsString() : "HTTP " + response.statusCode();
        throw AssetgateException.answered(response.statusCode(), error, "Token endpoint refused: " + error + " ("
                + description + ")", null);
    }

    /** The tokens in a successful answer; a missing refresh token keeps {@code previousRefresh}. */
    static Tokens tokens(JsonObject json, String previousRefresh) {
        long expiresIn = json.has("expires_in") ? json.get("expires_in").getAsLong() : 300;
        String refresh = json.has("refresh_token") ? json.get("refresh_token").getAsString() : previousRefresh;
        return new Tokens(json.get("access_token").getAsString(), refresh, Instant.now().plusSeconds(expiresIn));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
