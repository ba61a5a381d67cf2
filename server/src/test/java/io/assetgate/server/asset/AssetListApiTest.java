package io.assetgate.server.asset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.ServerTest;
import io.assetgate.server.support.TestFiles;
import io.assetgate.server.support.TestMedia;
import tools.jackson.databind.JsonNode;

/** The list's filters over HTTP, as clients send them: values, errors and cursors. */
class AssetListApiTest extends ServerTest {

    @Test
    void filtersByKindAndNamePrefixAndRefusesACursorOfAnotherFilter() {
        String token = tokenFor("lister");
        String beach1 = upload(token, "Beach_01.jpg", "image/jpeg", TestFiles.jpeg(32, 32)).get("id").asString();
        String beach2 = upload(token, "beach_02.png", "image/png", TestFiles.png(32, 32)).get("id").asString();
        String clip = upload(token, "clip.mp4", "video/mp4", TestMedia.mp4()).get("id").asString();
        upload(tokenFor("someone-else"), "beach_03.jpg", "image/jpeg", TestFiles.jpeg(16, 16));

        assertThat(ids(api.get("/v1/assets?kind=video", token))).containsExactly(clip);
        assertThat(ids(api.get("/v1/assets?q=BEACH_0", token))).containsExactly(beach2, beach1);
        assertThat(ids(api.get("/v1/assets?q=beach%25", token))).as("%% is a character, not a wildcard").isEmpty();
        assertThat(ids(api.get("/v1/assets?sort=captured&from=2000-01-01T00:00:00Z", token))).hasSize(3);

        Http.Response first = api.get("/v1/assets?kind=image&limit=1", token);
        String cursor = first.json().get("nextCursor").asString();
        assertThat(ids(first)).containsExactly(beach2);
        assertThat(ids(api.get("/v1/assets?kind=image&limit=1&cursor=" + cursor, token))).containsExactly(beach1);

        for (String other : List.of("kind=video", "", "kind=image&sort=captured", "kind=image&q=b")) {
            Http.Response refused = api.get("/v1/assets?limit=1&cursor=" + cursor + "&" + other, token);
            assertThat(refused.status()).as(other).isEqualTo(400);
            assertThat(refused.code()).isEqualTo("VALIDATION_FAILED");
            assertThat(fields(refused)).containsExactly("cursor");
        }
    }

    @Test
    void sortsByTheCaptureTimeProcessingReadsFromThePhoto() {
        String token = tokenFor("capture-sorter");
        String plain = upload(token, "plain.png", "image/png", TestFiles.png(64, 64)).get("id").asString();
        // Taken 2024-05-17 (its EXIF DateTimeOriginal), uploaded after the PNG.
        String taken = upload(token, "taken.jpg", "image/jpeg", TestMedia.jpegWithExif(TestMedia.marked(320, 240), 1,
                false)).get("id").asString();
        awaitProcessed(token, plain);
        awaitProcessed(token, taken);

        assertThat(ids(api.get("/v1/assets", token))).containsExactly(taken, plain);
        assertThat(ids(api.get("/v1/assets?sort=captured", token))).containsExactly(plain, taken);
        assertThat(ids(api.get("/v1/assets?sort=captured&to=2025-01-01T00:00:00Z", token))).containsExactly(taken);
    }

    private void awaitProcessed(String token, String id) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (api.get("/v1/assets/" + id, token).json().get("state").asString().equals("AVAILABLE")) {
            assertThat(System.nanoTime()).as("processed within 60 s").isLessThan(deadline);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void namesEveryBadFilterValue() {
        Http.Response refused = api.get("/v1/assets?kind=pdf&state=LOST&sort=size&from=yesterday&to=2026-13-01",
                tokenFor("bad-filters"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(fields(refused)).containsExactlyInAnyOrder("kind", "state", "sort", "from", "to");
        assertThat(fields(api.get("/v1/assets?state=PENDING", tokenFor("bad-filters")))).containsExactly("state");
        assertThat(fields(api.get("/v1/assets?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z",
                tokenFor("bad-filters")))).containsExactly("to");
    }

    private static List<String> ids(Http.Response list) {
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        JsonNode items = list.json().get("items");
        for (int i = 0; i < items.size(); i++) {
            ids.add(items.get(i).get("id").asString());
        }
        return ids;
    }

    private static List<String> fields(Http.Response refused) {
        List<String> fields = new ArrayList<>();
        JsonNode errors = refused.json().get("errors");
        for (int i = 0; i < errors.size(); i++) {
            fields.add(errors.get(i).get("field").asString());
        }
        return fields;
    }
}
