package io.assetgate.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.SecuredServerTest;
import io.assetgate.server.support.TestFiles;
import tools.jackson.databind.JsonNode;

/**
 * Size, type, filename and body abuse of {@code POST /v1/uploads}: refused with the exact
 * code before anything is recorded or signed. Names that can be made safe are cleaned, and
 * the object key never comes from them.
 */
class DeclarationAbuseTest extends SecuredServerTest {

    private static final byte[] PHOTO = TestFiles.jpeg(40, 30);

    record Abuse(String name, Object body, int status, String code) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Abuse> abuses() {
        return Stream.of(
                new Abuse("size zero", decl("a.jpg", "image/jpeg", 0), 400, "VALIDATION_FAILED"),
                new Abuse("negative size", decl("a.jpg", "image/jpeg", -5), 400, "VALIDATION_FAILED"),
                new Abuse("one byte over the maximum", decl("a.jpg", "image/jpeg", 10L * 1024 * 1024 + 1), 413,
                        "UPLOAD_TOO_LARGE"),
                new Abuse("Long.MAX_VALUE bytes", decl("a.jpg", "image/jpeg", Long.MAX_VALUE), 413, "UPLOAD_TOO_LARGE"),
                new Abuse("size beyond a long", "{\"filename\":\"a.jpg\",\"contentType\":\"image/jpeg\",\"size\":"
                        + "99999999999999999999999}", 400, "VALIDATION_FAILED"),
                new Abuse("size as text", "{\"filename\":\"a.jpg\",\"contentType\":\"image/jpeg\",\"size\":\"big\"}", 400,
                        "VALIDATION_FAILED"),
                new Abuse("HTML", decl("a.html", "text/html", 100), 415, "CONTENT_TYPE_NOT_ALLOWED"),
                new Abuse("SVG (script-capable image)", decl("a.svg", "image/svg+xml", 100), 415,
                        "CONTENT_TYPE_NOT_ALLOWED"),
                new Abuse("Windows executable", decl("a.exe", "application/x-msdownload", 100), 415,
                        "CONTENT_TYPE_NOT_ALLOWED"),
                new Abuse("html type smuggling an allowed one in a parameter", decl("a.jpg", "text/html; x=image/jpeg",
                        100), 400, "VALIDATION_FAILED"),
                new Abuse("html type with a harmless parameter", decl("a.jpg", "text/html; charset=utf-8", 100), 415,
                        "CONTENT_TYPE_NOT_ALLOWED"),
                new Abuse("wildcard type", decl("a.jpg", "image/*", 100), 400, "VALIDATION_FAILED"),
                new Abuse("not a media type", decl("a.jpg", "jpeg", 100), 400, "VALIDATION_FAILED"),
                new Abuse("missing filename", decl(null, "image/jpeg", 100), 400, "VALIDATION_FAILED"),
                new Abuse("right-to-left override in the filename", decl("photo\u202Egpj.exe", "image/jpeg", 100), 400,
                        "VALIDATION_FAILED"),
                new Abuse("filename over 255 bytes", decl("\u00e9".repeat(130) + ".jpg", "image/jpeg", 100), 400,
                        "VALIDATION_FAILED"),
                new Abuse("filename of only separators and dots", decl("../../", "image/jpeg", 100), 400,
                        "VALIDATION_FAILED"),
                new Abuse("filename of control characters", decl("\u0000\u0007\n", "image/jpeg", 100), 400,
                        "VALIDATION_FAILED"),
                new Abuse("malformed checksum", withChecksum("sha256:not*base64"), 400, "VALIDATION_FAILED"),
                new Abuse("unknown checksum algorithm", withChecksum("crc32:AAAA"), 400, "VALIDATION_FAILED"),
                new Abuse("not JSON", "filename=a.jpg", 400, "VALIDATION_FAILED"),
                new Abuse("a JSON array", "[1,2,3]", 400, "VALIDATION_FAILED"),
                new Abuse("a JSON body over the size limit", "{\"filename\":\"" + "a".repeat(70_000) + "\"}", 413,
                        "REQUEST_TOO_LARGE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("abuses")
    void refusesAbusiveDeclarationBeforeRecordingAnything(Abuse abuse) {
        Snapshot before = snapshot();

        Http.Response response = api.post("/v1/uploads", tokenFor(uniqueSubject("mallory")), abuse.body());

        assertThat(response.status()).as(response.toString()).isEqualTo(abuse.status());
        assertThat(response.code()).isEqualTo(abuse.code());
        assertThat(response.text()).doesNotContain("Exception").doesNotContain("at io.assetgate");
        assertThat(snapshot()).isEqualTo(before);
    }

    static Stream<Arguments> cleanableNames() {
        return Stream.of(
                Arguments.of("../../etc/passwd.jpg", "etcpasswd.jpg"),
                Arguments.of("C:\\Windows\\evil.jpg", "C:Windowsevil.jpg"),
                Arguments.of("tab\tand\nnewline.jpg", "tabandnewline.jpg"),
                Arguments.of("e\u0301te\u0301.jpg", "\u00e9t\u00e9.jpg"),
                Arguments.of("zero\u200Bwidth.jpg", "zerowidth.jpg"),
                Arguments.of(".htaccess", "htaccess"));
    }

    @ParameterizedTest(name = "{0} is stored as {1}")
    @MethodSource("cleanableNames")
    void cleansFilenamesAndNeverUsesThemForTheObjectKey(String raw, String cleaned) {
        JsonNode upload = create(tokenFor(uniqueSubject("carol")), raw, "image/jpeg", PHOTO);
        String url = upload.get("target").get("url").asString();
        assertThat(upload.get("filename").asString()).isEqualTo(cleaned);
        assertThat(url).doesNotContain("passwd").doesNotContain("Windows").doesNotContain("htaccess");
    }

    @Test
    void cutsOffAChunkedJsonBodyOverTheLimitWith413() {
        Snapshot before = snapshot();
        byte[] json = ("{\"filename\":\"" + "a".repeat(70_000) + "\",\"contentType\":\"image/jpeg\",\"size\":5}")
                .getBytes(StandardCharsets.UTF_8);
        HttpRequest.BodyPublisher chunked = chunked(json);

        Http.Response response = postUpload(tokenFor(uniqueSubject("mallory")), chunked);

        assertThat(chunked.contentLength()).isNegative();
        assertThat(response.status()).as(response.toString()).isEqualTo(413);
        assertThat(response.code()).isEqualTo("REQUEST_TOO_LARGE");
        assertThat(response.text()).doesNotContain("Exception");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void acceptsAChunkedJsonBodyUnderTheLimit() {
        byte[] json = "{\"filename\":\"a.jpg\",\"contentType\":\"image/jpeg\",\"size\":5}".getBytes(StandardCharsets.UTF_8);
        Http.Response response = postUpload(tokenFor(uniqueSubject("alice")), chunked(json));

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    /**
     * A publisher of unknown length: the client sends the body chunked, with no Content-Length
     * for the server to refuse up front.
     */
    private static HttpRequest.BodyPublisher chunked(byte[] body) {
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private Http.Response postUpload(String token, HttpRequest.BodyPublisher body) {
        return Http.send(HttpRequest.newBuilder(URI.create(api.base() + "/v1/uploads"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(body).build());
    }

    @Test
    void ignoresAClientChosenObjectKey() {
        Http.Response created = api.post("/v1/uploads", tokenFor(uniqueSubject("mallory")),
                "{\"filename\":\"a.jpg\",\"contentType\":\"image/jpeg\",\"size\":5,"
                        + "\"objectKey\":\"../../etc/passwd\",\"key\":\"../../etc/passwd\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("target").get("url").asString()).doesNotContain("passwd").doesNotContain("..");
    }

    @Test
    void refusesContentThatIsNotTheDeclaredTypeAndDeletesIt() {
        String token = tokenFor(uniqueSubject("mallory"));
        byte[] html = "<html><script>alert(document.cookie)</script></html>".getBytes();
        JsonNode upload = create(token, "cat.jpg", "image/jpeg", html);
        assertThat(putToTarget(upload, html).status()).isEqualTo(200);
        Snapshot stored = snapshot();

        Http.Response completed = api.post("/v1/uploads/" + upload.get("uploadId").asString() + "/complete", token, null);

        assertThat(completed.status()).isEqualTo(422);
        assertThat(completed.code()).isEqualTo("INTEGRITY_MISMATCH");
        Snapshot after = snapshot();
        assertThat(after.objects()).hasSize(stored.objects().size() - 1);
        assertThat(after.bytesReserved()).isEqualTo(stored.bytesReserved() - html.length);
        assertThat(api.get("/v1/assets/" + upload.get("assetId").asString(), token).json().get("state").asString())
                .isEqualTo("FAILED");
    }

    private static Map<String, Object> decl(String filename, String type, long size) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("filename", filename);
        body.put("contentType", type);
        body.put("size", size);
        return body;
    }

    private static Map<String, Object> withChecksum(String checksum) {
        Map<String, Object> body = decl("a.jpg", "image/jpeg", 100);
        body.put("checksum", checksum);
        return body;
    }
}
