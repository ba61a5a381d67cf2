package io.assetgate.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;

import io.assetgate.server.storage.MultipartStore.PartTag;
import io.assetgate.server.storage.MultipartStore.StoredPart;
import io.assetgate.server.support.Http;
import io.assetgate.server.support.ServerTest;
import io.assetgate.server.support.TestFiles;

/**
 * The contract every {@link ObjectStore} and {@link MultipartStore} adapter keeps, run against
 * each one (subclasses) over real HTTP: the store itself, not the API, must refuse a PUT that
 * differs from what was signed.
 */
abstract class ObjectStoreContractTest extends ServerTest {

    private static final Duration TTL = Duration.ofMinutes(2);

    @Autowired
    ObjectStore store;
    @Autowired
    MultipartStore multipart;
    @Autowired
    StoreInventory inventory;

    /** Ways to change a signed PUT; the store must refuse each. */
    enum Tamper {
        SIGNATURE, KEY, SHORTER_BODY, LONGER_BODY, CONTENT_TYPE, BODY_NOT_MATCHING_MD5
    }

    @Test
    void storesExactlyTheSignedPutAndServesItAsAttachment() throws IOException {
        byte[] bytes = TestFiles.jpeg(64, 48);
        String key = ObjectKeys.newOriginalKey();
        SignedRequest put = store.signUpload(key, new UploadSpec("image/jpeg", bytes.length, md5(bytes)), TTL);

        assertThat(Http.put(put.url(), put.headers(), bytes).status()).isEqualTo(200);

        assertThat(store.stat(key)).get().extracting(ObjectInfo::size).isEqualTo((long) bytes.length);
        try (InputStream in = store.open(key)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
        SignedRequest get = store.signDownload(key, new DownloadSpec("image/jpeg", "holiday photo.jpg"), TTL);
        Http.Response download = Http.fetch(get.url());
        assertThat(download.bytes()).isEqualTo(bytes);
        assertThat(download.header("Content-Disposition")).startsWith("attachment;").contains("holiday photo.jpg");
        assertThat(download.header("Content-Type")).isEqualTo("image/jpeg");
    }

    @ParameterizedTest
    @EnumSource(Tamper.class)
    void refusesAPutThatDiffersFromWhatWasSigned(Tamper tamper) {
        byte[] bytes = TestFiles.jpeg(64, 48);
        String key = ObjectKeys.newOriginalKey();
        SignedRequest put = store.signUpload(key, new UploadSpec("image/jpeg", bytes.length, md5(bytes)), TTL);
        String url = put.url();
        Map<String, String> headers = new LinkedHashMap<>(put.headers());
        byte[] body = bytes;
        switch (tamper) {
            case SIGNATURE -> url = flipLastSignatureChar(url);
            case KEY -> url = url.replace(key, ObjectKeys.newOriginalKey());
            case SHORTER_BODY -> body = Arrays.copyOf(bytes, bytes.length - 1);
            case LONGER_BODY -> body = Arrays.copyOf(bytes, bytes.length + 1);
            case CONTENT_TYPE -> headers.put("Content-Type", "image/png");
            case BODY_NOT_MATCHING_MD5 -> {
                body = bytes.clone();
                body[body.length / 2] ^= 1;
            }
        }

        Http.Response response = Http.put(url, headers, body);

        assertThat(response.status()).as(response.toString()).isBetween(400, 499);
        assertThat(store.stat(key)).isEmpty();
    }

    @Test
    void refusesAPutAfterTheSignatureExpired() throws InterruptedException {
        byte[] bytes = TestFiles.png(32, 32);
        String key = ObjectKeys.newOriginalKey();
        SignedRequest put = store.signUpload(key, new UploadSpec("image/png", bytes.length, null),
                Duration.ofSeconds(1));
        Thread.sleep(Duration.between(java.time.Instant.now(), put.expiresAt()).plusMillis(1100));

        assertThat(Http.put(put.url(), put.headers(), bytes).status()).isEqualTo(403);
        assertThat(store.stat(key)).isEmpty();
    }

    @Test
    void putFileStoresTheWholeFile() throws IOException {
        String key = ObjectKeys.newOriginalKey();
        byte[] bytes = TestFiles.random(300 * 1024);
        java.nio.file.Path file = java.nio.file.Files.createTempFile("assetgate-put-file", ".bin");
        try {
            java.nio.file.Files.write(file, bytes);
            assertThat(store.putFile(key, file, "image/png").size()).isEqualTo(bytes.length);
        } finally {
            java.nio.file.Files.delete(file);
        }
        assertThat(store.stat(key)).get().extracting(ObjectInfo::size).isEqualTo((long) bytes.length);
        try (InputStream in = store.open(key)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void readHeadAnswersOnlyTheLeadingBytes() {
        String key = ObjectKeys.newOriginalKey();
        byte[] bytes = TestFiles.random(300 * 1024);
        store.put(key, new ByteArrayInputStream(bytes), bytes.length, "image/png");

        assertThat(store.readHead(key, 4096)).isEqualTo(java.util.Arrays.copyOf(bytes, 4096));
        assertThat(store.readHead(key, bytes.length + 100)).isEqualTo(bytes);
        assertThat(store.readHead(key, 0)).isEmpty();
        assertThatThrownBy(() -> store.readHead(ObjectKeys.newOriginalKey(), 10))
                .isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void deleteIsIdempotentAndAMissingObjectIsNotFound() {
        String key = ObjectKeys.newOriginalKey();
        store.put(key, new ByteArrayInputStream(new byte[] {1, 2, 3}), 3, "image/png");
        store.delete(key);
        store.delete(key);

        assertThat(store.stat(key)).isEmpty();
        assertThatThrownBy(() -> store.open(key)).isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void assemblesSignedPartsInOrderAndListsThemWhileInProgress() throws IOException {
        String key = ObjectKeys.newOriginalKey();
        byte[] first = TestFiles.random((int) MultipartStore.MIN_PART_SIZE);
        byte[] last = TestFiles.random(1000);
        String id = multipart.startMultipart(key, "video/mp4", MultipartStore.MIN_PART_SIZE);

        String etag1 = putPart(key, id, 1, first);
        String etag2 = putPart(key, id, 2, last);

        assertThat(multipart.listParts(key, id)).extracting(StoredPart::partNumber, StoredPart::size)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, (long) first.length),
                        org.assertj.core.groups.Tuple.tuple(2, (long) last.length));
        assertThat(store.stat(key)).isEmpty();
        ObjectInfo info = multipart.completeMultipart(key, id, List.of(new PartTag(1, etag1), new PartTag(2, etag2)));

        assertThat(info.size()).isEqualTo(first.length + last.length);
        try (InputStream in = store.open(key)) {
            byte[] all = in.readAllBytes();
            assertThat(Arrays.copyOf(all, first.length)).isEqualTo(first);
            assertThat(Arrays.copyOfRange(all, first.length, all.length)).isEqualTo(last);
        }
        assertThat(partsOrNone(key, id)).isEmpty();
    }

    @Test
    void refusesAPartOfAnotherLengthOrForAnotherPartNumber() {
        String key = ObjectKeys.newOriginalKey();
        String id = multipart.startMultipart(key, "video/mp4", MultipartStore.MIN_PART_SIZE);
        byte[] bytes = TestFiles.random(2000);
        SignedRequest part = multipart.signPart(key, id, 1, bytes.length, TTL);

        assertThat(Http.put(part.url(), part.headers(), Arrays.copyOf(bytes, 1999)).status()).isBetween(400, 499);
        assertThat(Http.put(part.url().replace("artNumber=1", "artNumber=2").replace("part=1", "part=2"),
                part.headers(), bytes).status()).isBetween(400, 499);
        assertThat(multipart.listParts(key, id)).isEmpty();
        multipart.abortMultipart(key, id);
    }

    @Test
    void completeRefusesAPartWithAnotherEtag() {
        String key = ObjectKeys.newOriginalKey();
        String id = multipart.startMultipart(key, "video/mp4", MultipartStore.MIN_PART_SIZE);
        putPart(key, id, 1, TestFiles.random(1000));

        assertThatThrownBy(() -> multipart.completeMultipart(key, id,
                List.of(new PartTag(1, "0123456789abcdef0123456789abcdef"))))
                .isInstanceOf(InvalidPartsException.class);
        assertThat(store.stat(key)).isEmpty();
        multipart.abortMultipart(key, id);
    }

    @Test
    void abortDiscardsThePartsAndIsIdempotent() {
        String key = ObjectKeys.newOriginalKey();
        String id = multipart.startMultipart(key, "video/mp4", MultipartStore.MIN_PART_SIZE);
        putPart(key, id, 1, TestFiles.random(1000));
        List<String> open = new ArrayList<>();
        inventory.forEachMultipart(ObjectKeys.ORIGINALS, m -> open.add(m.uploadId()));
        assertThat(open).contains(id);

        multipart.abortMultipart(key, id);
        multipart.abortMultipart(key, id);

        assertThat(partsOrNone(key, id)).isEmpty();
        open.clear();
        inventory.forEachMultipart(ObjectKeys.ORIGINALS, m -> open.add(m.uploadId()));
        assertThat(open).doesNotContain(id);
    }

    @Test
    void inventoryListsStoredObjectsWithTheirAge() {
        String key = ObjectKeys.newOriginalKey();
        store.put(key, new ByteArrayInputStream(new byte[] {1, 2, 3}), 3, "image/png");
        Map<String, StoreInventory.StoredObject> listed = new HashMap<>();
        inventory.forEachObject(ObjectKeys.ORIGINALS, o -> listed.put(o.key(), o));

        assertThat(listed).containsKey(key);
        assertThat(listed.get(key).size()).isEqualTo(3);
        assertThat(listed.get(key).lastModified()).isBefore(java.time.Instant.now().plusSeconds(5));
        store.delete(key);
    }

    private String putPart(String key, String id, int number, byte[] bytes) {
        SignedRequest part = multipart.signPart(key, id, number, bytes.length, TTL);
        Http.Response response = Http.put(part.url(), part.headers(), bytes);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return unquote(response.header("ETag"));
    }

    /** The parts listed, or none when the store says the upload is gone (either is allowed). */
    private List<StoredPart> partsOrNone(String key, String id) {
        try {
            return multipart.listParts(key, id);
        } catch (MultipartNotFoundException e) {
            return List.of();
        }
    }

    static String unquote(String etag) {
        return etag.replace("\"", "");
    }

    private static Checksum md5(byte[] bytes) {
        return Checksum.parse(TestFiles.md5(bytes));
    }

    private static String flipLastSignatureChar(String url) {
        UnaryOperator<String> flip = s -> s.substring(0, s.length() - 1) + (s.endsWith("a") ? "b" : "a");
        int amp = url.indexOf('&', Math.max(url.indexOf("sig="), url.indexOf("X-Amz-Signature=")));
        return amp < 0 ? flip.apply(url) : flip.apply(url.substring(0, amp)) + url.substring(amp);
    }
}
