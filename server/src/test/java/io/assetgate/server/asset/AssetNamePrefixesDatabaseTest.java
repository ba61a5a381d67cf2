package io.assetgate.server.asset;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.assetgate.server.jdbc.Sql;
import io.assetgate.server.security.Owner;

/**
 * The name-prefix table behind {@code q=} (V55), on H2 and PostgreSQL: what an insert writes and
 * a delete removes, and what the owner's {@code q=} pages answer through it, past its prefix
 * length, across cases and with LIKE's wildcards in names.
 */
class AssetNamePrefixesDatabaseTest {

    private static final String DATABASES = "io.assetgate.server.support.TestDatabases#both";
    private static final Owner ALICE = new Owner("https://idp.example", "alice");
    private static final Owner BOB = new Owner("https://idp.example", "bob");
    private static final Instant BASE = Instant.parse("2026-03-01T10:00:00.123456Z");

    private AssetRepository assets;
    private AssetListing listing;
    private JdbcClient jdbc;

    private void migrate(DataSource dataSource, String target) {
        var flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
        (target == null ? flyway : flyway.target(MigrationVersion.fromVersion(target))).load().migrate();
        jdbc = JdbcClient.create(dataSource);
        assets = new AssetRepository(jdbc);
        listing = new AssetListing(jdbc, assets);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void aListedAssetHasEveryPrefixUpToTwelveCharactersAndDeleteRemovesThem(String name, DataSource dataSource) {
        migrate(dataSource, null);
        String longName = stored(ALICE, "Holiday-Photo-2024.JPG", BASE);
        String shortName = stored(ALICE, "a.PNG", BASE.plusSeconds(1));
        String other = stored(BOB, "Holiday.jpg", BASE.plusSeconds(2));

        assertThat(prefixes(longName)).containsExactly("h", "ho", "hol", "holi", "holid", "holida", "holiday",
                "holiday-", "holiday-p", "holiday-ph", "holiday-pho", "holiday-phot");
        assertThat(prefixes(shortName)).as("a name shorter than the prefix length: each of its prefixes")
                .containsExactly("a", "a.", "a.p", "a.pn", "a.png");
        assertThat(jdbc.sql("select distinct owner_subject from asset_name_prefixes where asset_id = ?")
                .param(other).query(String.class).list()).containsExactly("bob");

        assets.delete(longName);
        assets.delete(shortName);

        assertThat(prefixes(longName)).isEmpty();
        assertThat(prefixes(shortName)).isEmpty();
        assertThat(prefixes(other)).as("another asset's rows stay").hasSize(11);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void aPendingAssetGetsItsPrefixesWhenItLeavesPendingAndOnlyThen(String name, DataSource dataSource) {
        migrate(dataSource, null);
        String id = insert(ALICE, "IMG_0042.jpg", BASE);
        assertThat(prefixes(id)).as("pending: never listed, so no rows yet").isEmpty();

        assertThat(assets.transition(id, List.of(AssetState.PENDING), AssetState.AVAILABLE, null, BASE)).isTrue();
        assertThat(prefixes(id)).hasSize(12);
        assertThat(ids(filter("img_0042"))).containsExactly(id);

        assertThat(assets.transition(id, List.of(AssetState.PENDING), AssetState.READY, null, BASE))
                .as("no longer pending").isFalse();
        assertThat(assets.transition(id, List.of(AssetState.PENDING, AssetState.AVAILABLE), AssetState.READY, null,
                BASE)).as("from one of several states").isTrue();
        assertThat(prefixes(id)).as("a later move writes none again").hasSize(12);

        String ready = UUID.randomUUID().toString();
        assets.insert(new Asset(ready, UUID.randomUUID().toString(), ALICE, "Direct.png", "image/png", 10, null,
                "assets/cd/" + ready, AssetState.READY, null, BASE, null, Map.of()));
        assertThat(prefixes(ready)).as("inserted listed: written with the record").hasSize(10);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void aPendingAssetWithPrefixesAlreadyLeavesPendingWithoutWritingThemAgain(String name, DataSource dataSource) {
        migrate(dataSource, null);
        String id = insert(ALICE, "scan.pdf", BASE);
        // As V55's backfill, or a node of the release before, left a pending asset: rows written.
        for (String prefix : NamePrefixes.of("scan.pdf")) {
            jdbc.sql("insert into asset_name_prefixes (owner_issuer, owner_subject, prefix, created_at, asset_id)"
                    + " values (?, ?, ?, ?, ?)").params(ALICE.issuer(), ALICE.subject(), prefix, Sql.ts(BASE), id)
                    .update();
        }

        assertThat(assets.transition(id, List.of(AssetState.PENDING), AssetState.READY, null, BASE)).isTrue();

        assertThat(prefixes(id)).as("no second copy (the key would refuse it)").hasSize(8);
        assertThat(ids(filter("scan"))).containsExactly(id);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void findsNamesByPrefixesLongerThanTheTableKeeps(String name, DataSource dataSource) {
        migrate(dataSource, null);
        String morning = stored(ALICE, "PXL_20240317_101530123.jpg", BASE);
        String evening = stored(ALICE, "PXL_20240317_203000456.jpg", BASE.plusSeconds(1));
        String nextDay = stored(ALICE, "PXL_20240318_101530123.jpg", BASE.plusSeconds(2));
        List<String> sameSecond = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sameSecond.add(stored(ALICE, "PXL_20240317_1" + i + ".jpg", BASE.plusSeconds(3)));
        }
        stored(BOB, "PXL_20240317_101530123.jpg", BASE.plusSeconds(4));

        assertThat(ids(filter("PXL_20240317_10"))).as("15 characters: the first 12 seek, the rest is checked")
                .containsExactly(sameSecond.get(0), morning);
        assertThat(ids(filter("pxl_20240317_101530123.JPG"))).containsExactly(morning);
        assertThat(ids(filter("pxl_20240317_2"))).containsExactly(evening);
        assertThat(ids(filter("PXL_2024031"))).hasSize(8)
                .startsWith(sameSecond.stream().max(String::compareTo).orElseThrow()).endsWith(morning);
        assertThat(ids(filter("pxl_20240318"))).containsExactly(nextDay);
        AssetFilter longer = filter("PXL_20240317_1");
        assertThat(everyPage(longer, 2)).as("paged by cursor, newest first, ties broken by id")
                .containsExactlyElementsOf(ids(longer)).hasSize(6).endsWith(morning);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void matchesIgnoringCaseWithWildcardsTakenLiterally(String name, DataSource dataSource) {
        migrate(dataSource, null);
        String upper = stored(ALICE, "IMG_0001.JPG", BASE);
        String mixed = stored(ALICE, "Img_0002.Jpg", BASE.plusSeconds(1));
        String percent = stored(ALICE, "100%_done.png", BASE.plusSeconds(2));
        String percentLong = stored(ALICE, "100%_done_final_v2.png", BASE.plusSeconds(3));
        String hundred = stored(ALICE, "100x_done.png", BASE.plusSeconds(4));
        String underscore = stored(ALICE, "a_b.png", BASE.plusSeconds(5));
        stored(ALICE, "axb.png", BASE.plusSeconds(6));
        stored(ALICE, "imgx0003.jpg", BASE.plusSeconds(7));

        assertThat(ids(filter("iMg_"))).containsExactly(mixed, upper);
        assertThat(ids(filter("IMG_0001.jpg"))).containsExactly(upper);
        assertThat(ids(filter("100%"))).containsExactly(percentLong, percent);
        assertThat(ids(filter("100%_DONE_FINAL"))).as("past the prefix length too").containsExactly(percentLong);
        assertThat(ids(filter("100_"))).as("_ is no wildcard").isEmpty();
        assertThat(ids(filter("100"))).containsExactly(hundred, percentLong, percent);
        assertThat(ids(filter("a_"))).containsExactly(underscore);
        assertThat(ids(filter("a%"))).as("% is no wildcard").isEmpty();
        assertThat(ids(filter("a_b.png"))).as("a whole name shorter than the prefix length").containsExactly(underscore);
        assertThat(ids(filter("a_b.pngx"))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void combinesANamePrefixWithTheOtherFilters(String name, DataSource dataSource) {
        migrate(dataSource, null);
        String first = stored(ALICE, "Trip-01.jpg", BASE);
        String clip = insert(ALICE, "Trip-02.mp4", "video/mp4", BASE.plusSeconds(10));
        assets.transition(clip, List.of(AssetState.PENDING), AssetState.AVAILABLE, null, BASE);
        String third = stored(ALICE, "Trip-03.jpg", BASE.plusSeconds(20));
        stored(ALICE, "Other.jpg", BASE.plusSeconds(15));
        jdbc.sql("update assets set media_captured_at = ?, captured_or_created_at = ? where id = ?")
                .params(Sql.ts(BASE.minusSeconds(99)),
                        Sql.ts(BASE.minusSeconds(99)), third)
                .update();

        AssetFilter window = AssetFilter.parse(null, null, null, BASE.plusSeconds(5).toString(),
                BASE.plusSeconds(25).toString(), "trip");
        assertThat(ids(window)).as("from/to seek through the prefix table too").containsExactly(third, clip);
        AssetFilter video = AssetFilter.parse("video", null, null, null, null, "trip");
        AssetFilter available = AssetFilter.parse(null, "AVAILABLE", null, null, null, "trip");
        AssetFilter captured = AssetFilter.parse(null, null, "captured", null, null, "trip");
        for (AssetFilter other : List.of(video, available, captured)) {
            assertThat(AssetListing.seeksByName(ALICE, other)).as("the name index's statement").isFalse();
        }
        assertThat(page(video)).containsExactly(clip);
        assertThat(page(available)).containsExactly(clip);
        assertThat(page(captured)).containsExactly(clip, first, third);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void listsNeitherPendingAssetsNorOtherOwners(String name, DataSource dataSource) {
        migrate(dataSource, null);
        String done = stored(ALICE, "scan-1.pdf", BASE);
        insert(ALICE, "scan-2.pdf", BASE.plusSeconds(1));
        stored(BOB, "scan-3.pdf", BASE.plusSeconds(2));

        assertThat(ids(filter("scan"))).containsExactly(done);
        assertThat(listing.page(null, filter("scan"), null, 10)).as("the admin list, across owners").hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void backfillsThePrefixesOfAssetsThatExistBeforeTheMigration(String name, DataSource dataSource) {
        migrate(dataSource, "54");
        insertBeforeV55("old-1", "IMG_0001.JPG", "2026-01-01 00:00:00+00");
        insertBeforeV55("old-2", "Img_0002.jpg", "2026-01-02 00:00:00+00");
        insertBeforeV55("old-3", "IMG_0001_and_a_long_tail.jpg", "2026-01-03 00:00:00+00");
        // Characters outside the BMP: H2 counts them as two, PostgreSQL as one.
        insertBeforeV55("old-4", "\uD83D\uDE00 party.jpg", "2026-01-04 00:00:00+00");

        migrate(dataSource, null);

        assertThat(ids(filter("img_000"))).containsExactly("old-3", "old-2", "old-1");
        assertThat(ids(filter("IMG_0001"))).containsExactly("old-3", "old-1");
        assertThat(ids(filter("img_0001_and_a_long"))).containsExactly("old-3");
        assertThat(ids(filter("\uD83D\uDE00 p"))).containsExactly("old-4");
        assertThat(prefixes("old-1")).hasSize(12).contains("i", "img_0001.jpg");
        String added = stored(ALICE, "IMG_0003.jpg", Instant.parse("2026-01-05T00:00:00Z"));
        assertThat(ids(filter("img_000"))).containsExactly(added, "old-3", "old-2", "old-1");

        for (String id : List.of("old-1", "old-2", "old-3", "old-4")) {
            assets.delete(id);
        }
        assertThat(jdbc.sql("select asset_id from asset_name_prefixes").query(String.class).list())
                .as("a backfilled asset's rows go with it").containsOnly(added);
    }

    private static AssetFilter filter(String q) {
        return AssetFilter.parse(null, null, null, null, null, q);
    }

    private List<String> ids(AssetFilter filter) {
        assertThat(AssetListing.seeksByName(ALICE, filter)).isTrue();
        return listing.page(ALICE, filter, null, 50).stream().map(Asset::id).toList();
    }

    private List<String> page(AssetFilter filter) {
        return listing.page(ALICE, filter, null, 50).stream().map(Asset::id).toList();
    }

    private List<String> everyPage(AssetFilter filter, int size) {
        List<String> all = new ArrayList<>();
        AssetCursor cursor = null;
        while (true) {
            List<Asset> page = listing.page(ALICE, filter, cursor, size);
            page.forEach(a -> all.add(a.id()));
            if (page.size() < size) {
                return all;
            }
            cursor = AssetCursor.decode(AssetCursor.after(page.getLast(), filter).encode(), filter);
        }
    }

    private List<String> prefixes(String assetId) {
        return jdbc.sql("select prefix from asset_name_prefixes where asset_id = ?").param(assetId)
                .query(String.class).list().stream().sorted((a, b) -> a.length() - b.length()).toList();
    }

    private String stored(Owner owner, String filename, Instant createdAt) {
        String id = insert(owner, filename, createdAt);
        assets.transition(id, List.of(AssetState.PENDING), AssetState.READY, null, createdAt);
        return id;
    }

    private String insert(Owner owner, String filename, Instant createdAt) {
        return insert(owner, filename, "image/jpeg", createdAt);
    }

    private String insert(Owner owner, String filename, String type, Instant createdAt) {
        String id = UUID.randomUUID().toString();
        assets.insert(new Asset(id, UUID.randomUUID().toString(), owner, filename, type, 10, null,
                "assets/cd/" + UUID.randomUUID(), AssetState.PENDING, null, createdAt, null, Map.of()));
        return id;
    }

    /** An asset as the schema before V55 held it (V42's columns filled, as its insert did). */
    private void insertBeforeV55(String id, String filename, String createdAt) {
        jdbc.sql("""
                insert into assets (id, upload_id, owner_issuer, owner_subject, filename, filename_lower, content_type,
                    kind, size_bytes, object_key, state, created_at, captured_or_created_at)
                values (?, ?, ?, ?, ?, lower(?), 'image/jpeg', 'image', 10, ?, 'READY',
                    cast(? as timestamp with time zone), cast(? as timestamp with time zone))""")
                .params(id, "u-" + id, ALICE.issuer(), ALICE.subject(), filename, filename, "assets/" + id, createdAt,
                        createdAt)
                .update();
    }
}
