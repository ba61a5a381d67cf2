package io.assetgate.server.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.assetgate.server.security.Owner;
import io.assetgate.server.storage.Checksum;
import io.assetgate.server.support.TestDatabases;

/**
 * The upload repository against both databases the server supports: the embedded H2 and a
 * real PostgreSQL. The same Flyway migrations run unchanged on each.
 */
class RepositoryDatabaseTest {

    private static final String DATABASES = "io.assetgate.server.support.TestDatabases#both";

    private static final Owner ALICE = new Owner("https://idp.example", "alice");
    private static final Owner BOB = new Owner("https://other.example", "alice");

    private static JdbcClient migrated(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return JdbcClient.create(dataSource);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void storesAndReadsUploadsWithTheirOwnerAndTimestamps(String name, DataSource dataSource) {
        UploadRepository uploads = new UploadRepository(migrated(dataSource));
        Upload upload = upload(ALICE, "key-1", Instant.now().truncatedTo(ChronoUnit.MICROS));

        uploads.insert(upload);

        assertThat(uploads.find(upload.id(), ALICE)).contains(upload);
        assertThat(uploads.find(upload.id(), BOB)).as("same subject, other issuer").isEmpty();
        assertThat(uploads.findByIdempotencyKey(ALICE, "key-1")).contains(upload);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void idempotencyKeysAreUniquePerOwnerOnly(String name, DataSource dataSource) {
        UploadRepository uploads = new UploadRepository(migrated(dataSource));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        uploads.insert(upload(ALICE, "same", now));
        uploads.insert(upload(BOB, "same", now));
        uploads.insert(upload(ALICE, null, now));
        uploads.insert(upload(ALICE, null, now));

        assertThatThrownBy(() -> uploads.insert(upload(ALICE, "same", now))).isInstanceOf(DuplicateKeyException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void transitionsHaveExactlyOneWinner(String name, DataSource dataSource) {
        UploadRepository uploads = new UploadRepository(migrated(dataSource));
        Upload upload = upload(ALICE, null, Instant.now().truncatedTo(ChronoUnit.MICROS));
        uploads.insert(upload);

        assertThat(uploads.transition(upload.id(), UploadState.COMPLETED, null, Instant.now())).isTrue();
        assertThat(uploads.transition(upload.id(), UploadState.ABORTED, "late", Instant.now())).isFalse();
        assertThat(uploads.findById(upload.id()).orElseThrow().state()).isEqualTo(UploadState.COMPLETED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void purgesFinishedUploadsPastTheirDeadlineInBatchesButNeverPendingOnes(String name, DataSource dataSource) {
        JdbcClient jdbc = migrated(dataSource);
        UploadRepository uploads = new UploadRepository(jdbc);
        Instant old = Instant.now().minusSeconds(3600).truncatedTo(ChronoUnit.MICROS);
        Upload pending = upload(ALICE, null, old);
        uploads.insert(pending);
        List<Upload> finished = new java.util.ArrayList<>();
        for (UploadState state : List.of(UploadState.COMPLETED, UploadState.FAILED, UploadState.ABORTED,
                UploadState.EXPIRED)) {
            Upload u = upload(ALICE, null, old);
            uploads.insert(u);
            uploads.transition(u.id(), state, null, old);
            finished.add(u);
        }
        Upload recent = upload(ALICE, null, Instant.now().truncatedTo(ChronoUnit.MICROS));
        uploads.insert(recent);
        uploads.transition(recent.id(), UploadState.COMPLETED, null, Instant.now());
        Instant cutoff = Instant.now().minusSeconds(60);

        assertThat(uploads.purgeFinishedBefore(cutoff, 3)).isEqualTo(3);
        assertThat(uploads.purgeFinishedBefore(cutoff, 3)).isEqualTo(1);
        assertThat(uploads.purgeFinishedBefore(cutoff, 3)).isZero();

        assertThat(finished).allSatisfy(u -> assertThat(uploads.findById(u.id())).isEmpty());
        assertThat(uploads.findById(pending.id())).as("pending, however old").isPresent();
        assertThat(uploads.findById(recent.id())).as("within retention").isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void anObjectKeyIsRecordedByItsAssetOnceItsUploadIsGone(String name, DataSource dataSource) {
        JdbcClient jdbc = migrated(dataSource);
        UploadRepository uploads = new UploadRepository(jdbc);
        // The asset module owns the assets table; its row is written here as that module writes it.
        String objectKey = "assets/cd/" + UUID.randomUUID();
        jdbc.sql("""
                insert into assets (id, upload_id, owner_issuer, owner_subject, filename, content_type, size_bytes,
                    object_key, state, created_at, kind, captured_or_created_at, filename_lower)
                values (?, ?, ?, ?, 'a.jpg', 'image/jpeg', 10, ?, 'AVAILABLE', ?, 'image', ?, 'a.jpg')""")
                .params(UUID.randomUUID().toString(), UUID.randomUUID().toString(), ALICE.issuer(), ALICE.subject(),
                        objectKey, java.sql.Timestamp.from(Instant.now()), java.sql.Timestamp.from(Instant.now()))
                .update();

        assertThat(uploads.isObjectWanted(objectKey)).isTrue();
        assertThat(uploads.isObjectWanted("assets/cd/unknown")).isFalse();
    }

    private static Upload upload(Owner owner, String idempotencyKey, Instant now) {
        return new Upload(UUID.randomUUID().toString(), UUID.randomUUID().toString(), owner, idempotencyKey,
                idempotencyKey == null ? null : "hash", "photo.jpg", "image/jpeg", 1234,
                Checksum.parse("md5:1B2M2Y8AsgTpgAmY7PhCfg=="), "assets/ab/" + UUID.randomUUID(), UploadMode.SINGLE,
                UploadState.PENDING, null, null, null, null, now, now.plusSeconds(300), null);
    }
}
