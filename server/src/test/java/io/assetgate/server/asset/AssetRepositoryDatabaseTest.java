package io.assetgate.server.asset;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.assetgate.server.security.Owner;

/**
 * The asset repository against both databases the server supports: the embedded H2 and a
 * real PostgreSQL. The same Flyway migrations run unchanged on each.
 */
class AssetRepositoryDatabaseTest {

    private static final String DATABASES = "io.assetgate.server.support.TestDatabases#both";

    private static final Owner ALICE = new Owner("https://idp.example", "alice");
    private static final Owner BOB = new Owner("https://other.example", "alice");

    private static JdbcClient migrated(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return JdbcClient.create(dataSource);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void keepsVariantsAndDeletesThemWithTheAsset(String name, DataSource dataSource) {
        AssetRepository assets = new AssetRepository(migrated(dataSource));
        Asset a = asset(ALICE, Instant.now().truncatedTo(ChronoUnit.MICROS));
        assets.insert(a);
        assets.saveVariant(a.id(), new Variant("thumbnail", a.objectKey() + "~thumbnail", "image/webp", 256, 256, 900L));
        assets.saveVariant(a.id(), new Variant("thumbnail", a.objectKey() + "~thumbnail", "image/webp", 256, 192, 800L));

        assertThat(assets.find(a.id(), ALICE).orElseThrow().variants())
                .containsOnlyKeys("thumbnail")
                .extractingByKey("thumbnail").extracting(Variant::height).isEqualTo(192);
        assets.delete(a.id());
        assertThat(assets.find(a.id(), null)).isEmpty();
        assertThat(assets.variants(a.id())).isEmpty();
    }

    /** A new PENDING asset. */
    private static Asset asset(Owner owner, Instant createdAt) {
        return new Asset(UUID.randomUUID().toString(), UUID.randomUUID().toString(), owner, "a.jpg", "image/jpeg", 10,
                null, "assets/cd/" + UUID.randomUUID(), AssetState.PENDING, null, createdAt, null, Map.of());
    }
}
