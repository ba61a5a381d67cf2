package io.assetgate.server.security.idp;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A minimal browser for the sign-in pages: keeps cookies, follows no redirects, posts forms with their CSRF token. */
final class Browser {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;

    Browser(String base) {
        this.base = base;
    }

    HttpResponse<String> get(String pathOrUrl) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(pathOrUrl)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Follows redirects by hand (so cookies set on the way are kept) and answers the last response. */
    HttpResponse<String> follow(HttpResponse<String> response) throws Exception {
        while (response.statusCode() / 100 == 3) {
            response = get(response.headers().firstValue("Location").orElseThrow());
        }
        return response;
    }

    /** Signs in through the login form and answers the response after the redirects. */
    HttpResponse<String> signIn(String username, String password) throws Exception {
        HttpResponse<String> page = get("/login");
        Matcher csrf = CSRF.matcher(page.body());
        if (!csrf.find()) {
            throw new AssertionError("no CSRF token on the login page: " + page.body());
        }
        return follow(post("/login", Map.of("username", username, "password", password, "_csrf", csrf.group(1))));
    }

    /**
     * Submits the first form of {@code page} as a person would after ticking every checkbox:
     * hidden inputs and checkboxes are sent, repeated names included.
     */
    HttpResponse<String> submitForm(String page) throws Exception {
        Matcher action = Pattern.compile("<form[^>]*action=\"([^\"]+)\"").matcher(page);
        if (!action.find()) {
            throw new AssertionError("no form on the page: " + page);
        }
        java.util.List<String> fields = new java.util.ArrayList<>();
        Matcher input = Pattern.compile("<input[^>]*>").matcher(page);
        while (input.find()) {
            Matcher name = Pattern.compile("name=\"([^\"]+)\"").matcher(input.group());
            Matcher value = Pattern.compile("value=\"([^\"]*)\"").matcher(input.group());
            if (name.find() && value.find()) {
                fields.add(name.group(1) + "=" + URLEncoder.encode(value.group(1), StandardCharsets.UTF_8));
            }
        }
        return client.send(HttpRequest.newBuilder(uri(action.group(1)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("&", fields))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String pathOrUrl, Map<String, String> form) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(pathOrUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private URI uri(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl);
    }
}
