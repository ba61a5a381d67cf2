package io.assetgate.server.storage.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.ServerTest;
import io.assetgate.server.support.TestFiles;
import tools.jackson.databind.JsonNode;

/**
 * The local store refuses any PUT that differs from what was signed, and stores nothing when
 * it does: afterwards, complete still finds no object.
 */
class LocalStoreSignedUrlTest extends ServerTest {

    private static final byte[] PHOTO = TestFiles.jpeg(64, 64);

    /** A way to spoil a signed request: it gets the URL and headers, and answers the request to send. */
    interface Spoiler extends BiFunction<String, Map<String, String>, Object[]> {
    }

    static Stream<Arguments> spoiledRequests() {
        return Stream.of(
                Arguments.of("tampered signature", 403, (Spoiler) (url, h) -> new Object[] {
                    url.replaceAll("sig=[^&]+", "sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), h, PHOTO}),
                Arguments.of("signature removed", 403, (Spoiler) (url, h) -> new Object[] {
                    url.replaceAll("&sig=[^&]+", ""), h, PHOTO}),
                Arguments.of("other key", 403, (Spoiler) (url, h) -> new Object[] {
                    url.replaceFirst("/store/assets/", "/store/assets/x"), h, PHOTO}),
                Arguments.of("longer signed length", 403, (Spoiler) (url, h) -> new Object[] {
                    url.replaceFirst("len=\\d+", "len=" + (PHOTO.length + 10)), h, PHOTO}),
                Arguments.of("later expiry", 403, (Spoiler) (url, h) -> new Object[] {
                    url.replaceFirst("exp=\\d+", "exp=4102444800"), h, PHOTO}),
                Arguments.of("other signed type", 403, (Spoiler) (url, h) -> new Object[] {
                    url.replaceFirst("type=[^&]+", "type=text%2Fhtml"), with(h, "Content-Type", "text/html"), PHOTO}),
                Arguments.of("wrong content type", 403, (Spoiler) (url, h) -> new Object[] {
                    url, with(h, "Content-Type", "text/html"), PHOTO}),
                Arguments.of("body longer than signed", 403, (Spoiler) (url, h) -> new Object[] {
                    url, h, java.util.Arrays.copyOf(PHOTO, PHOTO.length + 1)}),
                Arguments.of("body shorter than signed", 403, (Spoiler) (url, h) -> new Object[] {
                    url, h, java.util.Arrays.copyOf(PHOTO, PHOTO.length - 1)}),
                Arguments.of("checksum header changed", 403, (Spoiler) (url, h) -> new Object[] {
                    url, with(h, "X-Checksum-Sha256", TestFiles.sha256(new byte[] {1}).substring(7)), PHOTO}),
                Arguments.of("same length, other bytes", 422, (Spoiler) (url, h) -> new Object[] {
                    url, h, flipLastByte(PHOTO)}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spoiledRequests")
    void refusesPutsThatDifferFromTheSignatureAndStoresNothing(String why, int status, Spoiler spoiler) {
        String token = tokenFor("lee");
        JsonNode upload = create(token, "p.jpg", "image/jpeg", PHOTO);
        Map<String, String> headers = new LinkedHashMap<>();
        upload.get("target").get("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asString()));
        Object[] spoiled = spoiler.apply(upload.get("target").get("url").asString(), headers);

        @SuppressWarnings("unchecked")
        Http.Response response = Http.put((String) spoiled[0], (Map<String, String>) spoiled[1], (byte[]) spoiled[2]);

        assertThat(response.status()).as(why).isEqualTo(status);
        Http.Response complete = api.post("/v1/uploads/" + upload.get("uploadId").asString() + "/complete", token, null);
        assertThat(complete.code()).as("nothing was stored").isEqualTo("UPLOAD_INCOMPLETE");
        assertThat(putToTarget(upload, PHOTO).status()).as("the genuine request still works").isEqualTo(200);
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return copy;
    }

    private static byte[] flipLastByte(byte[] bytes) {
        byte[] copy = bytes.clone();
        copy[copy.length - 10] ^= 0x55;
        return copy;
    }
}
