package io.assetgate.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.assetgate.server.storage.DownloadSpec;
import io.assetgate.server.storage.ObjectKeys;
import io.assetgate.server.storage.ObjectStore;
import io.assetgate.server.storage.UploadSpec;
import io.assetgate.server.support.Http;
import io.assetgate.server.support.ServerTest;
import tools.jackson.databind.JsonNode;

/**
 * Bad input is the client's fault: every route of the OpenAPI document and of the local store,
 * sent a wrong method, a wrong or missing content type, an empty body or a garbage body, answers
 * a 4xx problem, never a 5xx, and the server logs no ERROR for any of it.
 */
@ExtendWith(OutputCaptureExtension.class)
class BadRequestsTest extends ServerTest {

    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final byte[] GARBAGE = "%zz=%%&\u0000{\"a\":[}\uFFFF".getBytes(StandardCharsets.UTF_8);

    /** A way to send a request badly: a content type (null for none) and a body. */
    record Bad(String contentType, byte[] body) {
        @Override
        public String toString() {
            return (contentType == null ? "no type" : contentType) + ", " + body.length + " bytes";
        }
    }

    private static final List<Bad> BAD_BODIES = List.of(
            new Bad(null, new byte[0]),
            new Bad("application/json", new byte[0]),
            new Bad("application/json", GARBAGE),
            new Bad("application/x-www-form-urlencoded", GARBAGE),
            new Bad("application/x-www-form-urlencoded", new byte[0]),
            new Bad("multipart/form-data", GARBAGE),
            new Bad("text/plain", GARBAGE),
            new Bad("image/jpeg", GARBAGE),
            new Bad("not a media type", GARBAGE));

    @Autowired
    ObjectStore store;

    @Test
    void aFormPutToADownloadUrlIsAClientErrorAndLogsNoError(CapturedOutput output) {
        String url = store.signDownload(ObjectKeys.newOriginalKey(), new DownloadSpec("image/jpeg", "a.jpg"),
                Duration.ofMinutes(1)).url();

        // What curl --data-binary sends by default.
        Http.Response response = send("PUT", url, "application/x-www-form-urlencoded", GARBAGE, null);

        assertThat(response.status()).as("%s", response).isBetween(400, 499);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(errorLines(output)).isEmpty();
    }

    @Test
    void noRouteAnswersAServerErrorToABadRequest(CapturedOutput output) {
        String token = tokenFor("fuzzer");
        List<String> failures = new ArrayList<>();
        for (Route route : routes(token)) {
            for (String method : METHODS) {
                for (Bad bad : BAD_BODIES) {
                    Http.Response response = send(method, route.url(), bad.contentType(), bad.body(), route.token());
                    if (response.status() >= 500) {
                        failures.add(method + " " + route.url() + " (" + bad + "): " + response);
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(errorLines(output)).isEmpty();
    }

    /** Every route of the OpenAPI document with made-up ids, and the local store's signed and unsigned links. */
    private List<Route> routes(String token) {
        JsonNode doc = api.get("/v3/api-docs", null).json();
        Set<Route> routes = new LinkedHashSet<>();
        for (String path : doc.get("paths").propertyNames()) {
            if (path.equals("/v1/events")) {
                continue; // an endless event stream: a GET would never answer (its errors are EventStream tests')
            }
            String concrete = path.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
            // With a token: the request gets past authentication to the handlers, where bodies are read.
            routes.add(new Route(api.base() + concrete, token));
        }
        String key = ObjectKeys.newOriginalKey();
        routes.add(new Route(store.signUpload(key, new UploadSpec("image/jpeg", 10, null), Duration.ofMinutes(1))
                .url(), null));
        routes.add(new Route(store.signDownload(key, new DownloadSpec("image/jpeg", "a.jpg"), Duration.ofMinutes(1))
                .url(), null));
        routes.add(new Route(api.base() + "/store/" + key, null));
        routes.add(new Route(api.base() + "/store/" + key + "?upload=x&part=1&exp=1&len=1&sig=x", null));
        routes.add(new Route(api.base() + "/store/" + key + "?exp=zz&len=-1&type=%25%25&sig=", null));
        assertThat(routes).as("the document lists the API").hasSizeGreaterThan(10);
        return List.copyOf(routes);
    }

    record Route(String url, String token) {
    }

    private static Http.Response send(String method, String url, String contentType, byte[] body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpRequest.BodyPublisher publisher = body.length == 0 && method.equals("GET")
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
        return Http.send(b.method(method.toUpperCase(Locale.ROOT), publisher).build());
    }

    /**
     * ERROR lines logged while handling requests. Other servers of the same test JVM keep running
     * in the background (a context whose database another test stopped logs its own errors), so
     * only request threads count: those are the ones these requests reach.
     */
    private static List<String> errorLines(CapturedOutput output) {
        return output.getAll().lines().filter(l -> l.contains("\"level\":\"ERROR\""))
                .filter(l -> l.contains("\"thread\":{\"name\":\"tomcat-handler")).toList();
    }
}
