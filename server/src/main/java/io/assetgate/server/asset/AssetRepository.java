package io.assetgate.server.asset;

import static io.assetgate.server.config.Sql.instant;
import static io.assetgate.server.config.Sql.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.assetgate.server.security.Owner;

/** Asset records and their variants. */
@Repository
public class AssetRepository {

    private final JdbcClient jdbc;

    public AssetRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Asset a) {
        jdbc.sql("""
                insert into assets (id, upload_id, owner_issuer, owner_subject, filename, content_type, size_bytes,
                    checksum, object_key, state, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(a.id(), a.uploadId(), a.owner().issuer(), a.owner().subject(), a.filename(), a.contentType(),
                        a.size(), a.checksum(), a.objectKey(), a.state().name(), ts(a.createdAt()))
                .update();
    }

    /** The asset with this id; when {@code owner} is not null, only if that owner owns it. */
    public Optional<Asset> find(String id, Owner owner) {
        Optional<Asset> asset = owner == null
                ? jdbc.sql("select * from assets where id = ?").param(id).query(AssetRepository::map).optional()
                : jdbc.sql("select * from assets where id = ? and owner_issuer = ? and owner_subject = ?")
                        .params(id, owner.issuer(), owner.subject()).query(AssetRepository::map).optional();
        return asset.map(a -> a.withVariants(variants(a.id())));
    }

    /**
     * One page, newest first, after the keyset position {@code after} (exclusive), or from the
     * newest when {@code after} is null. {@code owner} null lists every owner's assets.
     */
    public List<Asset> page(Owner owner, AssetCursor after, int limit) {
        StringBuilder sql = new StringBuilder("select * from assets where state <> 'PENDING'");
        List<Object> params = new java.util.ArrayList<>();
        if (owner != null) {
            sql.append(" and owner_issuer = ? and owner_subject = ?");
            params.add(owner.issuer());
            params.add(owner.subject());
        }
        if (after != null) {
            sql.append(" and (created_at < ? or (created_at = ? and id < ?))");
            params.add(ts(after.createdAt()));
            params.add(ts(after.createdAt()));
            params.add(after.id());
        }
        sql.append(" order by created_at desc, id desc fetch first ? rows only");
        params.add(limit);
        List<Asset> assets = jdbc.sql(sql.toString()).params(params).query(AssetRepository::map).list();
        Map<String, Map<String, Variant>> variants = variantsOf(assets.stream().map(Asset::id).toList());
        return assets.stream().map(a -> a.withVariants(variants.getOrDefault(a.id(), Map.of()))).toList();
    }

    /**
     * The id of one of {@code owner}'s verified assets (AVAILABLE or READY) whose bytes had
     * {@code checksum} (in {@code algorithm:base64} form): either as uploaded (the upload's
     * checksum, which stays when processing rewrites a stripped original) or as stored now.
     * MUST stay bound to the owner: a match across owners would tell one owner what another
     * has stored, and hand out their asset.
     */
    public Optional<String> findVerifiedByChecksum(Owner owner, String checksum) {
        Optional<String> asUploaded = jdbc.sql("""
                select a.id from uploads u join assets a on a.id = u.asset_id
                where u.owner_issuer = ? and u.owner_subject = ? and u.checksum = ? and u.state = 'COMPLETED'
                    and a.owner_issuer = u.owner_issuer and a.owner_subject = u.owner_subject
                    and a.state in ('AVAILABLE', 'READY')
                order by a.created_at, a.id fetch first 1 rows only""")
                .params(owner.issuer(), owner.subject(), checksum).query(String.class).optional();
        if (asUploaded.isPresent()) {
            return asUploaded;
        }
        return jdbc.sql("""
                select id from assets where owner_issuer = ? and owner_subject = ? and checksum = ?
                    and state in ('AVAILABLE', 'READY')
                order by created_at, id fetch first 1 rows only""")
                .params(owner.issuer(), owner.subject(), checksum).query(String.class).optional();
    }

    /** Records the checksum verified at complete, for an asset declared without one. */
    public void setChecksum(String id, String checksum) {
        jdbc.sql("update assets set checksum = ? where id = ? and checksum is null").params(checksum, id).update();
    }

    /**
     * Moves the asset from one of {@code from} to {@code to}, stamping the matching time.
     * Returns false when it was in none of them.
     */
    public boolean transition(String id, List<AssetState> from, AssetState to, String reason, Instant at) {
        String column = switch (to) {
            case AVAILABLE -> "completed_at";
            case READY -> "ready_at";
            case QUARANTINED -> "quarantined_at";
            case FAILED -> "failed_at";
            case PENDING -> throw new IllegalArgumentException("cannot move back to PENDING");
        };
        String states = String.join(",", from.stream().map(s -> "'" + s.name() + "'").toList());
        return jdbc.sql("update assets set state = ?, state_reason = ?, " + column + " = ? where id = ? and state in ("
                        + states + ")")
                .params(to.name(), reason, ts(at), id).update() == 1;
    }

    public void delete(String id) {
        jdbc.sql("delete from asset_variants where asset_id = ?").param(id).update();
        jdbc.sql("delete from assets where id = ?").param(id).update();
    }

    public void saveVariant(String assetId, Variant v) {
        jdbc.sql("delete from asset_variants where asset_id = ? and name = ?").params(assetId, v.name()).update();
        jdbc.sql("""
                insert into asset_variants (asset_id, name, object_key, content_type, width, height, size_bytes)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(assetId, v.name(), v.objectKey(), v.contentType(), v.width(), v.height(), v.size())
                .update();
    }

    public Map<String, Variant> variants(String assetId) {
        return variantsOf(List.of(assetId)).getOrDefault(assetId, new LinkedHashMap<>());
    }

    /** The variants of several assets in one query (a page of the list), by asset id then name. */
    private Map<String, Map<String, Variant>> variantsOf(List<String> assetIds) {
        Map<String, Map<String, Variant>> byAsset = new LinkedHashMap<>();
        if (assetIds.isEmpty()) {
            return byAsset;
        }
        String marks = String.join(",", java.util.Collections.nCopies(assetIds.size(), "?"));
        jdbc.sql("select * from asset_variants where asset_id in (" + marks + ") order by asset_id, name")
                .params(assetIds)
                .query((rs, row) -> {
                    Variant v = new Variant(rs.getString("name"), rs.getString("object_key"),
                            rs.getString("content_type"), (Integer) rs.getObject("width"),
                            (Integer) rs.getObject("height"), rs.getObject("size_bytes") == null ? null
                                    : rs.getLong("size_bytes"));
                    byAsset.computeIfAbsent(rs.getString("asset_id"), id -> new LinkedHashMap<>()).put(v.name(), v);
                    return v;
                })
                .list();
        return byAsset;
    }

    static Asset map(ResultSet rs, int row) throws SQLException {
        return new Asset(
                rs.getString("id"),
                rs.getString("upload_id"),
                new Owner(rs.getString("owner_issuer"), rs.getString("owner_subject")),
                rs.getString("filename"),
                rs.getString("content_type"),
                rs.getLong("size_bytes"),
                rs.getString("checksum"),
                rs.getString("object_key"),
                AssetState.valueOf(rs.getString("state")),
                rs.getString("state_reason"),
                instant(rs, "created_at"),
                instant(rs, "completed_at"),
                Map.of(),
                metadata(rs));
    }

    private static AssetMetadata metadata(ResultSet rs) throws SQLException {
        AssetMetadata m = new AssetMetadata((Integer) rs.getObject("media_width"),
                (Integer) rs.getObject("media_height"), (Integer) rs.getObject("media_orientation"),
                instant(rs, "media_captured_at"),
                rs.getObject("media_duration_ms") == null ? null : rs.getLong("media_duration_ms"),
                rs.getString("media_detected_type"),
                rs.getString("media_placeholder") == null ? null
                        : new AssetMetadata.Placeholder(rs.getString("media_placeholder_kind"),
                                rs.getString("media_placeholder")));
        return m.isEmpty() ? null : m;
    }
}
