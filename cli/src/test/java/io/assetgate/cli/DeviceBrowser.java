package io.assetgate.cli;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays the user's browser in the device flow: opens the verification link, is sent to the
 * sign-in form, signs in with the form's CSRF token and cookies, and lands back on the
 * verification endpoint, which approves the code.
 */
final class DeviceBrowser {

    private static final Pattern ACTION = Pattern.compile("<form[^>]*name=\"consent_form\"[^>]*action=\"([^\"]+)\"");
    private static final Pattern INPUT = Pattern.compile("<input[^>]*>");
    private static final Pattern NAME = Pattern.compile("name=\"([^\"]+)\"");
    private static final Pattern VALUE = Pattern.compile("value=\"([^\"]*)\"");
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    /** Approves the code behind {@code verificationUri} as {@code username}; answers the last page's status. */
    int approve(String verificationUri, String username, String password) throws IOException, InterruptedException {
        HttpResponse<String> loginPage = http.send(HttpRequest.newBuilder(URI.create(verificationUri))
                .header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
        Matcher csrf = CSRF.matcher(loginPage.body());
        if (!csrf.find()) {
            throw new IllegalStateException("No sign-in form at " + loginPage.uri() + ": " + loginPage.body());
        }
        String form = "username=" + enc(username) + "&password=" + enc(password) + "&_csrf=" + enc(csrf.group(1));
        URI login = loginPage.uri().resolve("/login");
        HttpResponse<String> after = http.send(HttpRequest.newBuilder(login)
                .header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (after.body().contains("name=\"consent_form\"")) {
            after = consent(after);
        }
        return after.statusCode();
    }

    /** Ticks every scope on the consent page and submits it, as a user approving the code would. */
    private HttpResponse<String> consent(HttpResponse<String> page) throws IOException, InterruptedException {
        StringBuilder form = new StringBuilder();
        Matcher input = INPUT.matcher(page.body());
        while (input.find()) {
            String tag = input.group();
            Matcher name = NAME.matcher(tag);
            Matcher value = VALUE.matcher(tag);
            if ((tag.contains("type=\"hidden\"") || tag.contains("type=\"checkbox\"")) && name.find() && value.find()) {
                form.append(form.isEmpty() ? "" : "&").append(enc(name.group(1))).append('=').append(enc(value.group(1)));
            }
        }
        Matcher action = ACTION.matcher(page.body());
        String target = action.find() ? action.group(1) : page.uri().getPath();
        return http.send(HttpRequest.newBuilder(page.uri().resolve(target))
                .header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
