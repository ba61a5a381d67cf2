package io.assetgate.server.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.ServerTest;
import io.assetgate.server.support.TestFiles;
import tools.jackson.databind.JsonNode;

/** The policy's answers to bad declarations, and idempotent creates, over real HTTP. */
class UploadDeclarationTest extends ServerTest {

    private static Map<String, Object> body(Object filename, Object contentType, Object size, Object checksum) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("filename", filename);
        body.put("contentType", contentType);
        body.put("size", size);
        if (checksum != null) {
            body.put("checksum", checksum);
        }
        return body;
    }

    static Stream<Arguments> refusedDeclarations() {
        return Stream.of(
                Arguments.of("oversize", body("big.mp4", "video/mp4", 6L * 1024 * 1024 * 1024, null), 413,
                        "UPLOAD_TOO_LARGE", null),
                Arguments.of("disallowed type", body("page.html", "text/html", 100, null), 415,
                        "CONTENT_TYPE_NOT_ALLOWED", null),
                Arguments.of("executable", body("setup.exe", "application/x-msdownload", 100, null), 415,
                        "CONTENT_TYPE_NOT_ALLOWED", null),
                Arguments.of("negative size", body("a.jpg", "image/jpeg", -5, null), 400, "VALIDATION_FAILED", "size"),
                Arguments.of("zero size", body("a.jpg", "image/jpeg", 0, null), 400, "VALIDATION_FAILED", "size"),
                Arguments.of("size of wrong type", body("a.jpg", "image/jpeg", "big", null), 400, "VALIDATION_FAILED",
                        "size"),
                Arguments.of("missing filename", body(null, "image/jpeg", 10, null), 400, "VALIDATION_FAILED",
                        "filename"),
                Arguments.of("filename over 255 bytes", body("é".repeat(128) + ".jpg", "image/jpeg", 10, null), 400,
                        "VALIDATION_FAILED", "filename"),
                Arguments.of("filename only separators", body("../../", "image/jpeg", 10, null), 400,
                        "VALIDATION_FAILED", "filename"),
                Arguments.of("missing content type", body("a.jpg", null, 10, null), 400, "VALIDATION_FAILED",
                        "contentType"),
                Arguments.of("content type not a media type", body("a.jpg", "jpeg", 10, null), 400,
                        "VALIDATION_FAILED", "contentType"),
                Arguments.of("checksum unknown algorithm", body("a.jpg", "image/jpeg", 10, "crc32:AAAA"), 400,
                        "VALIDATION_FAILED", "checksum"),
                Arguments.of("checksum not base64", body("a.jpg", "image/jpeg", 10, "sha256:***"), 400,
                        "VALIDATION_FAILED", "checksum"),
                Arguments.of("checksum wrong length", body("a.jpg", "image/jpeg", 10, "md5:AAAA"), 400,
                        "VALIDATION_FAILED", "checksum"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedDeclarations")
    void refusesBadDeclarationsBeforeSigningAnything(String why, Map<String, Object> body, int status, String code,
            String field) {
        Http.Response response = api.post("/v1/uploads", tokenFor("dave"), body);

        assertThat(response.status()).as(why).isEqualTo(status);
        assertThat(response.code()).isEqualTo(code);
        assertThat(response.json().has("target")).isFalse();
        if (field != null) {
            assertThat(response.json().get("errors").toString()).contains("\"" + field + "\"");
        }
        assertThat(response.text()).doesNotContain("Exception").doesNotContain("at io.");
    }

    @Test
    void refusesMalformedJson() {
        Http.Response response = api.post("/v1/uploads", tokenFor("dave"), "{\"filename\": ");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(response.text()).doesNotContain("tools.jackson").doesNotContain("Exception");
    }

    @Test
    void sameIdempotencyKeyAndBodyReturnsTheSameUpload() {
        String token = tokenFor("erin");
        byte[] photo = TestFiles.jpeg(32, 32);
        Map<String, String> key = Map.of("Idempotency-Key", "erin-photo-1");

        Http.Response first = api.post("/v1/uploads", token, declaration("p.jpg", "image/jpeg", photo), key);
        Http.Response second = api.post("/v1/uploads", token, declaration("p.jpg", "image/jpeg", photo), key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json().get("uploadId").asString()).isEqualTo(first.json().get("uploadId").asString());
        assertThat(second.json().get("assetId").asString()).isEqualTo(first.json().get("assetId").asString());
    }

    @Test
    void sameIdempotencyKeyWithAnotherBodyIsAConflict() {
        String token = tokenFor("erin");
        Map<String, String> key = Map.of("Idempotency-Key", "erin-photo-2");
        api.post("/v1/uploads", token, declaration("p.jpg", "image/jpeg", TestFiles.jpeg(32, 32)), key);

        Http.Response other = api.post("/v1/uploads", token, declaration("q.jpg", "image/jpeg", TestFiles.jpeg(40, 40)),
                key);

        assertThat(other.status()).isEqualTo(422);
        assertThat(other.code()).isEqualTo("IDEMPOTENCY_CONFLICT");
    }

    @Test
    void idempotencyKeysBelongToTheirOwner() {
        byte[] photo = TestFiles.jpeg(32, 32);
        Map<String, String> key = Map.of("Idempotency-Key", "shared-key");
        JsonNode mine = api.post("/v1/uploads", tokenFor("frank"), declaration("p.jpg", "image/jpeg", photo), key).json();
        JsonNode theirs = api.post("/v1/uploads", tokenFor("grace"), declaration("p.jpg", "image/jpeg", photo), key)
                .json();

        assertThat(theirs.get("uploadId").asString()).isNotEqualTo(mine.get("uploadId").asString());
    }
}
