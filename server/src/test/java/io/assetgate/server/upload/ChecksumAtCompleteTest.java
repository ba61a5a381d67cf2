package io.assetgate.server.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.ServerTest;
import io.assetgate.server.support.TestFiles;
import tools.jackson.databind.JsonNode;

/**
 * Checksums computed while sending and given at complete, over real HTTP: for a SINGLE upload
 * the whole file's, for a MULTIPART upload each part's. A wrong one fails the upload with
 * INTEGRITY_MISMATCH and keeps nothing; a right one is recorded on the asset. Runs on the local
 * store (SHA-256 digests) here and on S3 (MD5 ETags) in {@link S3ChecksumAtCompleteTest}.
 *
 * <p>Processing is off and AVAILABLE assets are served: made-up bytes would fail processing, and
 * what is tested here is how bytes are stored and served. That nothing is served before its
 * checks by default is {@code DownloadBeforeChecksTest}'s.
 */
@TestPropertySource(properties = {"assetgate.upload.multipart-threshold=10MB", "assetgate.upload.part-size=5MB",
    "assetgate.processing.enabled=false", "assetgate.processing.download-before-checks=true"})
class ChecksumAtCompleteTest extends ServerTest {

    static final long MIB = 1024 * 1024;
    private final byte[] photo = TestFiles.jpeg(320, 240);

    @Test
    void theAnswerNamesTheChecksumTheStoreComputesAsBytesArrive() {
        JsonNode upload = createWithoutChecksum(tokenFor("algorithm"), photo);

        assertThat(upload.get("checksumAlgorithm").asString()).isEqualTo(storeAlgorithm());
        assertThat(upload.has("checksum")).isFalse();
    }

    @Test
    void aSingleUploadCompletesWithTheChecksumComputedWhileSending() {
        String token = tokenFor("single-right");
        JsonNode upload = createWithoutChecksum(token, photo);
        assertThat(putToTarget(upload, photo).status()).isEqualTo(200);

        String checksum = checksum(storeAlgorithm(), photo);
        Http.Response done = api.post(path(upload), token, Map.of("checksum", checksum));

        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(done.json().get("checksum").asString()).isEqualTo(checksum);
        assertThat(api.get("/v1/uploads/" + upload.get("uploadId").asString(), token).json().get("checksum")
                .asString()).isEqualTo(checksum);
    }

    @Test
    void theOtherAlgorithmIsVerifiedByReadingTheObjectBack() {
        String token = tokenFor("single-other");
        String other = storeAlgorithm().equals("md5") ? "sha256" : "md5";
        JsonNode good = createWithoutChecksum(token, photo);
        putToTarget(good, photo);
        assertThat(api.post(path(good), token, Map.of("checksum", checksum(other, photo))).status()).isEqualTo(200);

        byte[] other2 = TestFiles.jpeg(321, 240);
        JsonNode bad = createWithoutChecksum(token, photo);
        putToTarget(bad, photo);
        Http.Response refused = api.post(path(bad), token, Map.of("checksum", checksum(other, other2)));
        assertThat(refused.code()).isEqualTo("INTEGRITY_MISMATCH");
    }

    @Test
    void aWrongChecksumAtCompleteFailsTheUploadAndKeepsNothing() {
        String token = tokenFor("single-wrong");
        JsonNode upload = createWithoutChecksum(token, photo);
        putToTarget(upload, photo);

        Http.Response refused = api.post(path(upload), token,
                Map.of("checksum", checksum(storeAlgorithm(), TestFiles.jpeg(320, 241))));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.code()).isEqualTo("INTEGRITY_MISMATCH");
        JsonNode after = api.get("/v1/uploads/" + upload.get("uploadId").asString(), token).json();
        assertThat(after.get("state").asString()).isEqualTo("FAILED");
        assertThat(api.get("/v1/assets/" + upload.get("assetId").asString(), token).json().get("state").asString())
                .isEqualTo("FAILED");
    }

    @Test
    void aChecksumAtCompleteMustAgreeWithTheDeclaredOne() {
        String token = tokenFor("single-disagree");
        JsonNode upload = create(token, "photo.jpg", "image/jpeg", photo);
        putToTarget(upload, photo);

        Http.Response refused = api.post(path(upload), token,
                Map.of("checksum", TestFiles.sha256(TestFiles.jpeg(10, 10))));

        assertThat(refused.code()).isEqualTo("INTEGRITY_MISMATCH");
    }

    @Test
    void aMalformedChecksumAtCompleteIsAValidationErrorAndChangesNothing() {
        String token = tokenFor("single-malformed");
        JsonNode upload = createWithoutChecksum(token, photo);
        putToTarget(upload, photo);

        Http.Response refused = api.post(path(upload), token, Map.of("checksum", "sha256:not-base64!"));

        assertThat(refused.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(refused.text()).contains("checksum");
        assertThat(api.post(path(upload), token, Map.of("checksum", checksum(storeAlgorithm(), photo))).status())
                .isEqualTo(200);
    }

    @Test
    void multipartPartsCompleteWithTheirOwnChecksums() throws Exception {
        String token = tokenFor("parts-right");
        MultipartUploadTest.Video video = new MultipartUploadTest.Video(12 * MIB + 7);
        JsonNode upload = createVideoWithoutChecksum(token, video);

        Http.Response done = api.post(path(upload), token, Map.of("parts", sendParts(token, upload, video, 0)));

        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(done.json().get("state").asString()).isEqualTo("AVAILABLE");
        assertThat(MultipartUploadTest.sha256Of(done.json().get("url").asString())).isEqualTo(video.sha256());
    }

    @Test
    void aPartWhoseChecksumDiffersFailsTheWholeUpload() {
        String token = tokenFor("parts-wrong");
        MultipartUploadTest.Video video = new MultipartUploadTest.Video(12 * MIB + 7);
        JsonNode upload = createVideoWithoutChecksum(token, video);

        Http.Response refused = api.post(path(upload), token, Map.of("parts", sendParts(token, upload, video, 2)));

        assertThat(refused.code()).as(refused.toString()).isEqualTo("INTEGRITY_MISMATCH");
        assertThat(refused.text()).contains("part 2");
        assertThat(api.get("/v1/uploads/" + upload.get("uploadId").asString(), token).json().get("state")
                .asString()).isEqualTo("FAILED");
    }

    /** The store's own digest algorithm on this server. */
    protected String storeAlgorithm() {
        return "sha256";
    }

    /** PUTs every part; answers the complete list with checksums, part {@code lie} (if any) misstated. */
    private List<Map<String, Object>> sendParts(String token, JsonNode upload, MultipartUploadTest.Video video,
            int lie) {
        List<Map<String, Object>> list = new ArrayList<>();
        int count = upload.get("partCount").asInt();
        for (int n = 1; n <= count; n++) {
            byte[] bytes = video.part(n, 5 * MIB);
            String etag = putPart(token, upload, n, bytes);
            byte[] claimed = n == lie ? video.part(n == 1 ? 2 : 1, 5 * MIB) : bytes;
            list.add(Map.of("partNumber", n, "etag", etag, "checksum", checksum(storeAlgorithm(), claimed)));
        }
        return list;
    }

    private String putPart(String token, JsonNode upload, int number, byte[] bytes) {
        Http.Response signed = api.post("/v1/uploads/" + upload.get("uploadId").asString() + "/parts", token,
                Map.of("partNumbers", List.of(number)));
        JsonNode part = signed.json().get("parts").get(0);
        Http.Response put = Http.put(part.get("url").asString(), MultipartUploadTest.headers(part), bytes);
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        return put.header("ETag");
    }

    private JsonNode createWithoutChecksum(String token, byte[] bytes) {
        Map<String, Object> declaration = declaration("photo.jpg", "image/jpeg", bytes);
        declaration.remove("checksum");
        Http.Response created = api.post("/v1/uploads", token, declaration);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    private JsonNode createVideoWithoutChecksum(String token, MultipartUploadTest.Video video) {
        Map<String, Object> declaration = new LinkedHashMap<>(video.declaration());
        declaration.remove("checksum");
        Http.Response created = api.post("/v1/uploads", token, declaration);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    private static String path(JsonNode upload) {
        return "/v1/uploads/" + upload.get("uploadId").asString() + "/complete";
    }

    private static String checksum(String algorithm, byte[] bytes) {
        return algorithm.equals("md5") ? TestFiles.md5(bytes) : TestFiles.sha256(bytes);
    }
}
