package io.assetgate.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.SecuredServerTest;
import io.assetgate.server.support.TestFiles;
import tools.jackson.databind.JsonNode;

/**
 * Tampering with the local store's signed links: every part the signature binds (key,
 * length, type, checksum, expiry, method, download name and type) is changed in turn. The
 * store refuses each with the exact code and keeps nothing.
 */
class SignedUrlAttackTest extends SecuredServerTest {

    private static final byte[] PHOTO = TestFiles.jpeg(120, 90);
    private static final byte[] OTHER = TestFiles.jpeg(90, 120);

    /** What a case works with: this upload's signed PUT, another upload's, and a download link. */
    record Links(String putUrl, Map<String, String> headers, String otherPutUrl, String downloadUrl) {
    }

    record Tamper(String name, java.util.function.Function<Links, Http.Response> call, int status, String code) {
        @Override
        public String toString() {
            return name;
        }
    }

    private Links links;

    @BeforeEach
    void signedLinks() {
        String token = tokenFor(uniqueSubject("alice"));
        String downloadUrl = upload(token, "done.jpg", "image/jpeg", OTHER).get("url").asString();
        JsonNode upload = create(token, "a.jpg", "image/jpeg", PHOTO);
        JsonNode other = create(token, "b.jpg", "image/jpeg", OTHER);
        Map<String, String> headers = new LinkedHashMap<>();
        upload.get("target").get("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asString()));
        links = new Links(upload.get("target").get("url").asString(), headers,
                other.get("target").get("url").asString(), downloadUrl);
    }

    static Stream<Tamper> tampers() {
        return Stream.of(
                forbidden("key swapped for another upload's", l -> put(path(l.otherPutUrl()) + query(l.putUrl()),
                        l.headers(), PHOTO)),
                forbidden("signed length raised", l -> put(param(l.putUrl(), "len", PHOTO.length + 100), l.headers(),
                        PHOTO)),
                forbidden("signed length lowered with a shorter body", l -> put(param(l.putUrl(), "len", 100),
                        l.headers(), java.util.Arrays.copyOf(PHOTO, 100))),
                forbidden("body longer than the signed length", l -> put(l.putUrl(), l.headers(),
                        java.util.Arrays.copyOf(PHOTO, PHOTO.length + 1))),
                forbidden("body shorter than the signed length", l -> put(l.putUrl(), l.headers(),
                        java.util.Arrays.copyOf(PHOTO, PHOTO.length - 1))),
                forbidden("signed type changed to text/html", l -> put(param(l.putUrl(), "type", "text%2Fhtml"),
                        with(l.headers(), "Content-Type", "text/html"), PHOTO)),
                forbidden("Content-Type differs from the signed type", l -> put(l.putUrl(),
                        with(l.headers(), "Content-Type", "text/html"), PHOTO)),
                forbidden("signed checksum replaced", l -> put(param(l.putUrl(), "sum",
                        java.net.URLEncoder.encode(TestFiles.sha256(OTHER), java.nio.charset.StandardCharsets.UTF_8)),
                        with(l.headers(), "X-Checksum-Sha256", TestFiles.sha256(OTHER).substring(7)), OTHER)),
                forbidden("checksum header differs from the signed one", l -> put(l.putUrl(),
                        with(l.headers(), "X-Checksum-Sha256", TestFiles.sha256(OTHER).substring(7)), PHOTO)),
                forbidden("checksum header left out", l -> put(l.putUrl(), without(l.headers(), "X-Checksum-Sha256"),
                        PHOTO)),
                forbidden("expiry extended", l -> put(param(l.putUrl(), "exp", 4102444800L), l.headers(), PHOTO)),
                forbidden("expiry in the past", l -> put(param(l.putUrl(), "exp", 1000), l.headers(), PHOTO)),
                forbidden("signature removed", l -> put(l.putUrl().replaceAll("&sig=[^&]*", ""), l.headers(), PHOTO)),
                forbidden("signature of another upload", l -> put(param(l.putUrl(), "sig",
                        value(l.otherPutUrl(), "sig")), l.headers(), PHOTO)),
                forbidden("upload link used with GET", l -> Http.fetch(l.putUrl())),
                forbidden("download link used to PUT", l -> put(l.downloadUrl(), l.headers(), PHOTO)),
                new Tamper("body differs from the signed checksum", l -> put(l.putUrl(), l.headers(),
                        corrupt(PHOTO)), 422, "INTEGRITY_MISMATCH"),
                forbidden("download name changed", l -> Http.fetch(param(l.downloadUrl(), "name", "evil.html"))),
                forbidden("download type changed to text/html", l -> Http.fetch(param(l.downloadUrl(), "type",
                        "text%2Fhtml"))),
                forbidden("download expiry extended", l -> Http.fetch(param(l.downloadUrl(), "exp", 4102444800L))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tampers")
    void refusesTamperedSignedUrlAndStoresNothing(Tamper tamper) {
        Snapshot before = snapshot();

        Http.Response response = tamper.call().apply(links);

        assertThat(response.status()).as(response.toString()).isEqualTo(tamper.status());
        assertThat(response.code()).isEqualTo(tamper.code());
        assertThat(snapshot()).isEqualTo(before);
    }

    private static Http.Response put(String url, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        headers.forEach(b::header);
        return Http.send(b.PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private static String path(String url) {
        return url.substring(0, url.indexOf('?'));
    }

    private static String query(String url) {
        return url.substring(url.indexOf('?'));
    }

    private static String value(String url, String name) {
        Matcher m = Pattern.compile("[?&]" + name + "=([^&]*)").matcher(url);
        return m.find() ? m.group(1) : "";
    }

    private static String param(String url, String name, Object value) {
        return url.replaceFirst("([?&])" + name + "=[^&]*", "$1" + name + "=" + value);
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return copy;
    }

    private static Map<String, String> without(Map<String, String> headers, String name) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.remove(name);
        return copy;
    }

    private static byte[] corrupt(byte[] bytes) {
        byte[] copy = bytes.clone();
        copy[copy.length / 2] ^= 0x55;
        return copy;
    }

    private static Tamper forbidden(String name, java.util.function.Function<Links, Http.Response> call) {
        return new Tamper(name, call, 403, "FORBIDDEN");
    }
}
