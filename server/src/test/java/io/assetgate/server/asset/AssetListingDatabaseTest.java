package io.assetgate.server.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.assetgate.server.jdbc.Sql;
import io.assetgate.server.security.Owner;
import io.assetgate.server.web.ApiException;

/** What each list filter and sort answers, page by page, on H2 and PostgreSQL alike. */
class AssetListingDatabaseTest {

    private static final String DATABASES = "io.assetgate.server.support.TestDatabases#both";
    private static final Owner ALICE = new Owner("https://idp.example", "alice");
    private static final Owner BOB = new Owner("https://other.example", "alice");
    private static final Instant BASE = Instant.parse("2026-03-01T10:00:00.123456Z");

    private AssetRepository assets;
    private AssetListing listing;
    private JdbcClient jdbc;

    private void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        assets = new AssetRepository(jdbc);
        listing = new AssetListing(jdbc, assets);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void pagesNewestFirstWithoutGapsOrRepeatsAcrossEqualTimes(String name, DataSource dataSource) {
        migrate(dataSource);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // Three assets share each second: the id breaks the ties.
            ids.add(stored(ALICE, "a" + i + ".jpg", "image/jpeg", BASE.plusSeconds(i / 3), AssetState.READY));
        }
        insert(BOB, "bob.jpg", "image/jpeg", BASE.plusSeconds(9), AssetState.PENDING);
        stored(BOB, "bob.jpg", "image/jpeg", BASE.plusSeconds(9), AssetState.READY);

        List<Asset> all = everyPage(ALICE, AssetFilter.NONE, 3);

        assertThat(all).extracting(Asset::id).containsExactlyInAnyOrderElementsOf(ids).doesNotHaveDuplicates();
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i - 1).createdAt()).isAfterOrEqualTo(all.get(i).createdAt());
        }
        assertThat(everyPage(null, AssetFilter.NONE, 2)).as("every owner's, pending ones left out").hasSize(8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void filtersByKindStateAndTimeRange(String name, DataSource dataSource) {
        migrate(dataSource);
        String photo = stored(ALICE, "p.jpg", "image/jpeg", BASE, AssetState.READY);
        String video = stored(ALICE, "v.mp4", "video/mp4", BASE.plusSeconds(10), AssetState.READY);
        String bad = stored(ALICE, "q.png", "image/png", BASE.plusSeconds(20), AssetState.QUARANTINED);
        String fresh = stored(ALICE, "f.webm", "video/webm", BASE.plusSeconds(30), AssetState.AVAILABLE);

        assertThat(ids(ALICE, filter("video", null, null, null, null, null))).containsExactly(fresh, video);
        assertThat(ids(ALICE, filter("image", null, null, null, null, null))).containsExactly(bad, photo);
        assertThat(ids(ALICE, filter(null, "QUARANTINED", null, null, null, null))).containsExactly(bad);
        assertThat(ids(ALICE, filter("video", "READY", null, null, null, null))).containsExactly(video);
        assertThat(ids(ALICE, filter(null, null, null, BASE.plusSeconds(10).toString(), BASE.plusSeconds(30).toString(),
                null))).as("from inclusive, to exclusive").containsExactly(bad, video);
        assertThat(ids(null, filter("image", "READY", null, null, null, null))).containsExactly(photo);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void sortsByCaptureTimeFallingBackToCreation(String name, DataSource dataSource) {
        migrate(dataSource);
        String old = stored(ALICE, "old-scan.jpg", "image/jpeg", BASE.plusSeconds(30), AssetState.READY);
        String plain = stored(ALICE, "plain.png", "image/png", BASE.plusSeconds(20), AssetState.READY);
        String recent = stored(ALICE, "recent.jpg", "image/jpeg", BASE, AssetState.READY);
        capturedAt(old, Instant.parse("1999-07-01T12:00:00Z"));
        capturedAt(recent, BASE.plusSeconds(40));

        assertThat(ids(ALICE, AssetFilter.NONE)).containsExactly(old, plain, recent);
        AssetFilter captured = filter(null, null, "captured", null, null, null);
        assertThat(ids(ALICE, captured)).containsExactly(recent, plain, old);
        assertThat(everyPage(ALICE, captured, 1)).extracting(Asset::id).containsExactly(recent, plain, old);
        assertThat(ids(ALICE, filter(null, null, "captured", null, "2000-01-01T00:00:00Z", null))).containsExactly(old);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void matchesFilenamePrefixesIgnoringCaseWithWildcardsTakenLiterally(String name, DataSource dataSource) {
        migrate(dataSource);
        String upper = stored(ALICE, "IMG_0001.JPG", "image/jpeg", BASE, AssetState.READY);
        String lower = stored(ALICE, "img_0002.jpg", "image/jpeg", BASE.plusSeconds(1), AssetState.READY);
        String percent = stored(ALICE, "100%_done.png", "image/png", BASE.plusSeconds(2), AssetState.READY);
        String imgx = stored(ALICE, "imgx0003.jpg", "image/jpeg", BASE.plusSeconds(3), AssetState.READY);
        stored(ALICE, "photo-img_0004.jpg", "image/jpeg", BASE.plusSeconds(4), AssetState.READY);

        assertThat(ids(ALICE, filter(null, null, null, null, null, "img_"))).as("_ is no wildcard")
                .containsExactly(lower, upper);
        assertThat(ids(ALICE, filter(null, null, null, null, null, "IMG"))).containsExactly(imgx, lower, upper);
        assertThat(ids(ALICE, filter(null, null, null, null, null, "100%"))).containsExactly(percent);
        assertThat(ids(ALICE, filter(null, null, null, null, null, "1%"))).as("% is no wildcard").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void refusesACursorOfAnotherFilterOrSort(String name, DataSource dataSource) {
        migrate(dataSource);
        for (int i = 0; i < 3; i++) {
            stored(ALICE, "v" + i + ".mp4", "video/mp4", BASE.plusSeconds(i), AssetState.READY);
        }
        AssetFilter videos = filter("video", null, null, null, null, null);
        List<Asset> first = listing.page(ALICE, videos, null, 1);
        String cursor = AssetCursor.after(first.getLast(), videos).encode();

        assertThat(AssetCursor.decode(cursor, videos).id()).isEqualTo(first.getLast().id());
        for (AssetFilter other : List.of(AssetFilter.NONE, filter("image", null, null, null, null, null),
                filter("video", null, "captured", null, null, null), filter("video", "READY", null, null, null, null),
                filter("video", null, null, null, null, "v"))) {
            assertThatThrownBy(() -> AssetCursor.decode(cursor, other)).isInstanceOf(ApiException.class)
                    .extracting(e -> ((ApiException) e).errors().getFirst().field()).isEqualTo("cursor");
        }
    }

    private static AssetFilter filter(String kind, String state, String sort, String from, String to, String q) {
        return AssetFilter.parse(kind, state, sort, from, to, q);
    }

    private List<String> ids(Owner owner, AssetFilter filter) {
        return listing.page(owner, filter, null, 50).stream().map(Asset::id).toList();
    }

    /** Every page of a list, following the cursors as a client does. */
    private List<Asset> everyPage(Owner owner, AssetFilter filter, int size) {
        List<Asset> all = new ArrayList<>();
        AssetCursor cursor = null;
        while (true) {
            List<Asset> page = listing.page(owner, filter, cursor, size);
            all.addAll(page);
            if (page.size() < size) {
                return all;
            }
            cursor = AssetCursor.decode(AssetCursor.after(page.getLast(), filter).encode(), filter);
        }
    }

    private String stored(Owner owner, String filename, String type, Instant createdAt, AssetState state) {
        String id = insert(owner, filename, type, createdAt, AssetState.PENDING);
        assets.transition(id, List.of(AssetState.PENDING), state == AssetState.PENDING ? AssetState.AVAILABLE : state,
                null, createdAt);
        return id;
    }

    private String insert(Owner owner, String filename, String type, Instant createdAt, AssetState state) {
        String id = UUID.randomUUID().toString();
        assets.insert(new Asset(id, UUID.randomUUID().toString(), owner, filename, type, 10, null,
                "assets/cd/" + UUID.randomUUID(), state, null, createdAt, null, Map.of()));
        return id;
    }

    /** What processing records when it reads a capture time (ProcessingRepository's statement). */
    private void capturedAt(String id, Instant at) {
        jdbc.sql("update assets set media_captured_at = ?, captured_or_created_at = coalesce(?, created_at) where id = ?")
                .params(Sql.ts(at), Sql.ts(at), id).update();
    }
}
