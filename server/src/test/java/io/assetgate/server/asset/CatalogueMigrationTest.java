package io.assetgate.server.asset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** V42 fills the new list columns of the assets that exist when it runs, on H2 and PostgreSQL. */
class CatalogueMigrationTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.assetgate.server.support.TestDatabases#both")
    void backfillsKindCaptureTimeAndLowerCaseNamesOfExistingAssets(String name, DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                .target(MigrationVersion.fromVersion("41")).load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        insert(jdbc, "photo", "IMG_0001.JPG", "image/jpeg", "2024-05-17 10:30:00+00");
        insert(jdbc, "clip", "Clip.MP4", "video/mp4", null);
        insert(jdbc, "doc", "Notes.pdf", "application/pdf", null);

        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();

        List<Map<String, Object>> rows = jdbc.sql("""
                select id, kind, filename_lower,
                  case when captured_or_created_at = coalesce(media_captured_at, created_at) then 'ok' end as sort_key
                from assets order by id""").query().listOfRows();
        assertThat(rows).extracting(r -> r.get("id") + " " + r.get("kind") + " " + r.get("filename_lower") + " "
                + r.get("sort_key")).containsExactly("clip video clip.mp4 ok", "doc other notes.pdf ok",
                        "photo image img_0001.jpg ok");
    }

    private static void insert(JdbcClient jdbc, String id, String filename, String type, String captured) {
        jdbc.sql("""
                insert into assets (id, upload_id, owner_issuer, owner_subject, filename, content_type, size_bytes,
                    object_key, state, created_at, media_captured_at)
                values (?, ?, 'https://idp.example', 'alice', ?, ?, 10, ?, 'READY',
                    timestamp with time zone '2026-01-01 00:00:00+00', cast(? as timestamp with time zone))""")
                .params(id, "u-" + id, filename, type, "assets/" + id, captured).update();
    }
}
