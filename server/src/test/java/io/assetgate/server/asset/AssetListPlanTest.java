package io.assetgate.server.asset;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import db.migration.V55__AssetNamePrefixes;

import io.assetgate.server.security.Owner;
import io.assetgate.server.support.QueryPlans;

/**
 * Every asset list, with every filter, seeks to its page: on a seeded table the database reads
 * through the index made for it about one page's worth of entries, on the first page as on a
 * page 90% down. A keyset written as {@code created_at < ? or (created_at = ? and id < ?)}, or
 * an index in the other order, fails here: the deep page then reads some 50,000 entries. So does
 * the owner's {@code q=} when it reads the matching names and sorts them instead of seeking
 * through the name-prefix table.
 */
class AssetListPlanTest {

    private static final int ROWS = 60_000;
    private static final int PAGE = 51;
    /** One page plus what filters may drop on the way: pending rows (0.1%) and ties. */
    private static final long MAX_READ = 3L * PAGE;
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    static final Owner ALICE = new Owner("https://idp.example", "alice");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.assetgate.server.support.TestDatabases#both")
    void everyListAndFilterSeeksOnTheFirstAndADeepPage(String name, DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        seed(dataSource);
        List<String> failures = new ArrayList<>();
        for (Owner owner : new Owner[] {ALICE, null}) {
            String prefix = owner == null ? "assets_" : "assets_owner_";
            check(failures, dataSource, owner, filter(null, null, null), prefix + "created");
            check(failures, dataSource, owner, filter(null, null, "captured"), prefix + "captured");
            check(failures, dataSource, owner, filter("video", null, null), prefix + "kind_created");
            check(failures, dataSource, owner, filter("video", null, "captured"), prefix + "kind_captured");
            check(failures, dataSource, owner, filter(null, "QUARANTINED", null), prefix + "state_created");
            check(failures, dataSource, owner, filter(null, "QUARANTINED", "captured"), prefix + "state_captured");
            check(failures, dataSource, owner, AssetFilter.parse(null, null, null, at(ROWS / 20).toString(),
                    at(ROWS - ROWS / 20).toString(), null), prefix + "created");
            check(failures, dataSource, owner, AssetFilter.parse(null, null, "captured", at(ROWS / 20).toString(),
                    null, null), prefix + "captured");
            // Name prefixes matching 100 and 10,000 of the 60,000, among the oldest.
            for (String prefixOfName : new String[] {"IMG_00123", "IMG_001"}) {
                long matches = prefixOfName.equals("IMG_001") ? 10_000 : 100;
                AssetFilter named = AssetFilter.parse(null, null, null, null, null, prefixOfName);
                // 90% down the names that match: IMG_001 is rows 10,000 to 19,999, IMG_00123 12,300 to 12,399.
                AssetCursor deep = new AssetCursor(at(prefixOfName.equals("IMG_001") ? 11_000 : 12_310), "~",
                        named.fingerprint());
                for (AssetCursor cursor : new AssetCursor[] {null, deep}) {
                    AssetListing.Query q = AssetListing.query(owner, named, cursor, PAGE);
                    String what = (owner == null ? "admin" : "owner") + " q=" + prefixOfName
                            + (cursor == null ? " first" : " deep");
                    if (owner != null) {
                        // The owner's: one range of the name-prefix table in time order, a page's worth of
                        // entries however many names match. Reading the name index and sorting fails here.
                        attempt(failures, what, () -> {
                            QueryPlans.assertSeeks(dataSource, q.sql(), q.params(), "asset_name_prefixes_pkey",
                                    cursor == null ? null : "created_at", MAX_READ);
                            QueryPlans.assertReadsInIndexOrder(dataSource, q.sql(), q.params());
                        });
                    } else {
                        // Across owners the prefix table has no key: the names are read through the name
                        // index, then sorted; below a deep cursor, where fewer rows remain than names
                        // match, the planner may read the time index's range instead. Each reads at most
                        // the matches.
                        attempt(failures, what, () -> QueryPlans.assertSeeks(dataSource, q.sql(), q.params(),
                                List.of("assets_filename", prefix + "created"), null, matches + 100));
                    }
                }
            }
        }
        assertThat(failures).as(String.join("\n\n", failures)).isEmpty();
    }

    private static void check(List<String> failures, DataSource dataSource, Owner owner, AssetFilter filter,
            String index) {
        for (AssetCursor cursor : new AssetCursor[] {null, deep(filter)}) {
            AssetListing.Query q = AssetListing.query(owner, filter, cursor, PAGE);
            attempt(failures, (owner == null ? "admin " : "owner ") + filter + (cursor == null ? " first" : " deep"),
                    () -> QueryPlans.assertSeeks(dataSource, q.sql(), q.params(), index,
                            cursor == null ? null : filter.sort().column(), MAX_READ));
        }
    }

    private static void attempt(List<String> failures, String what, Runnable check) {
        try {
            check.run();
        } catch (AssertionError e) {
            failures.add(what + ": " + e.getMessage());
        }
    }

    /** A position with 90% of the list before it: the rows are one a second from BASE. */
    private static AssetCursor deep(AssetFilter filter) {
        return new AssetCursor(at(ROWS / 10), "~", filter.fingerprint());
    }

    private static AssetFilter filter(String kind, String state, String sort) {
        return AssetFilter.parse(kind, state, sort, null, null, null);
    }

    private static Instant at(int second) {
        return BASE.plusSeconds(second);
    }

    /**
     * ROWS assets, one a second: one in three Alice's, the others of 40 more owners; one in ten
     * a video, 2% quarantined, 0.1% pending; capture times a permutation of the creation times,
     * so the two orders differ.
     */
    static void seed(DataSource dataSource) {
        String rows = QueryPlans.isPostgres(dataSource) ? "generate_series(1, " + ROWS + ") as g(i)"
                : "(select \"X\" as i from system_range(1, " + ROWS + "))";
        JdbcClient jdbc = JdbcClient.create(dataSource);
        jdbc.sql("""
                insert into assets (id, upload_id, owner_issuer, owner_subject, filename, filename_lower, content_type,
                    kind, size_bytes, object_key, state, created_at, captured_or_created_at)
                select 'a' || lpad(cast(i as varchar), 10, '0'), 'u' || cast(i as varchar), 'https://idp.example',
                    case when mod(i, 3) = 0 then 'alice' else 'user' || cast(mod(i, 40) as varchar) end,
                    'IMG_' || lpad(cast(i as varchar), 7, '0') || '.JPG', 'img_' || lpad(cast(i as varchar), 7, '0') || '.jpg',
                    case when mod(i, 10) = 0 then 'video/mp4' else 'image/jpeg' end,
                    case when mod(i, 10) = 0 then 'video' else 'image' end, 1000, 'assets/' || cast(i as varchar),
                    case when mod(i, 1000) = 0 then 'PENDING' when mod(i, 50) = 0 then 'QUARANTINED'
                         when mod(i, 7) = 0 then 'AVAILABLE' else 'READY' end,
                    timestamp with time zone '2026-01-01 00:00:00+00' + i * interval '1' second,
                    timestamp with time zone '2026-01-01 00:00:00+00' + mod(i * 7919, %d) * interval '1' second
                from %s""".formatted(ROWS, rows)).update();
        // Their name prefixes (q=), with the statement V55 backfills existing assets with.
        jdbc.sql(V55__AssetNamePrefixes.backfill()).update();
        jdbc.sql("analyze").update();
    }
}
