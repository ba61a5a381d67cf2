package io.assetgate.server.asset;

import static io.assetgate.server.jdbc.Sql.instant;
import static io.assetgate.server.jdbc.Sql.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.assetgate.server.security.Owner;

/**
 * Asset records and their variants: the only class that writes the {@code assets},
 * {@code asset_variants} and {@code asset_name_prefixes} tables. Other modules reach it through
 * {@link Assets}. An asset's name prefixes are written when it is first listed (inserted in, or
 * moved out of, {@code PENDING}: the owner's list leaves pending assets out) and deleted with its
 * record, in the caller's transaction; a filename and a creation time never change after the
 * insert, so nothing else touches them.
 */
@Repository
class AssetRepository {

    private final JdbcClient jdbc;

    AssetRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Asset a) {
        String filenameLower = a.filename().toLowerCase(Locale.ROOT);
        // kind, the capture-or-creation time and the lower-cased name back the list's filters (V42).
        jdbc.sql("""
                insert into assets (id, upload_id, owner_issuer, owner_subject, filename, content_type, size_bytes,
                    checksum, object_key, state, created_at, kind, captured_or_created_at, filename_lower)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(a.id(), a.uploadId(), a.owner().issuer(), a.owner().subject(), a.filename(), a.contentType(),
                        a.size(), a.checksum(), a.objectKey(), a.state().name(), ts(a.createdAt()),
                        kindOf(a.contentType()), ts(a.createdAt()), filenameLower)
                .update();
        // A pending asset gets its name prefixes when it leaves PENDING (transition): the 12 rows
        // and their key were a quarter of a create's time, and an abandoned upload never needs them.
        if (a.state() != AssetState.PENDING) {
            insertNamePrefixes(a.id(), a.owner(), filenameLower, a.createdAt());
        }
    }

    /** The rows that find the asset by a prefix of its name ({@code q=}), in one statement. */
    private void insertNamePrefixes(String id, Owner owner, String filenameLower, Instant createdAt) {
        List<String> prefixes = NamePrefixes.of(filenameLower);
        if (prefixes.isEmpty()) {
            return;
        }
        List<Object> params = new ArrayList<>();
        for (String prefix : prefixes) {
            params.addAll(Arrays.asList(owner.issuer(), owner.subject(), prefix, ts(createdAt), id));
        }
        jdbc.sql("insert into asset_name_prefixes (owner_issuer, owner_subject, prefix, created_at, asset_id) values "
                        + String.join(", ", Collections.nCopies(prefixes.size(), "(?, ?, ?, ?, ?)")))
                .params(params).update();
    }

    /** The list filter's kind of a content type: {@code image}, {@code video} or {@code other}. */
    static String kindOf(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("image/") ? "image" : type.startsWith("video/") ? "video" : "other";
    }

    /** The asset with this id; when {@code owner} is not null, only if that owner owns it. */
    Optional<Asset> find(String id, Owner owner) {
        Optional<Asset> asset = owner == null
                ? jdbc.sql("select * from assets where id = ?").param(id).query(AssetRepository::map).optional()
                : jdbc.sql("select * from assets where id = ? and owner_issuer = ? and owner_subject = ?")
                        .params(id, owner.issuer(), owner.subject()).query(AssetRepository::map).optional();
        return asset.map(a -> a.withVariants(variants(a.id())));
    }

    /**
     * The id of one of {@code owner}'s verified assets (AVAILABLE or READY) whose bytes had
     * {@code checksum} (in {@code algorithm:base64} form): either as uploaded (the upload's
     * checksum, which stays when processing rewrites a stripped original) or as stored now.
     * MUST stay bound to the owner: a match across owners would tell one owner what another
     * has stored, and hand out their asset.
     */
    Optional<String> findVerifiedByChecksum(Owner owner, String checksum) {
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
    void setChecksum(String id, String checksum) {
        jdbc.sql("update assets set checksum = ? where id = ? and checksum is null").params(checksum, id).update();
    }

    /**
     * Moves the asset from one of {@code from} to {@code to}, stamping the matching time.
     * Returns false when it was in none of them.
     */
    boolean transition(String id, List<AssetState> from, AssetState to, String reason, Instant at) {
        String column = switch (to) {
            case AVAILABLE -> "completed_at";
            case READY -> "ready_at";
            case QUARANTINED -> "quarantined_at";
            case FAILED -> "failed_at";
            case PENDING -> throw new IllegalArgumentException("cannot move back to PENDING");
        };
        String states = String.join(",", from.stream().map(s -> "'" + s.name() + "'").toList());
        boolean moved = jdbc.sql("update assets set state = ?, state_reason = ?, " + column + " = ? where id = ? "
                        + "and state in (" + states + ")")
                .params(to.name(), reason, ts(at), id).update() == 1;
        if (moved && from.contains(AssetState.PENDING)) {
            // It may have left PENDING, and is listed from now on: it needs its name prefixes
            // (written only where it has none, so a move from another of the states adds nothing).
            addNamePrefixes(id);
        }
        return moved;
    }

    void delete(String id) {
        deleteNamePrefixes(id);
        jdbc.sql("delete from asset_variants where asset_id = ?").param(id).update();
        jdbc.sql("delete from assets where id = ?").param(id).update();
    }

    /** What an asset's name prefix rows are keyed by, as its record holds it. */
    private record PrefixKey(String issuer, String subject, String filenameLower, Instant createdAt) {
    }

    /**
     * The record's key for its name prefixes; empty when there is no record, or its name has no
     * prefixes (an empty name). The stored lower-cased name, not one made again here: V55
     * backfilled from this column, and the insert stores what it cut the prefixes from.
     */
    private Optional<PrefixKey> prefixKey(String id) {
        return jdbc.sql("select owner_issuer, owner_subject, filename_lower, created_at from assets where id = ?")
                .param(id).query((rs, row) -> new PrefixKey(rs.getString("owner_issuer"),
                        rs.getString("owner_subject"), rs.getString("filename_lower"), instant(rs, "created_at")))
                .optional().filter(key -> !key.filenameLower().isEmpty());
    }

    /**
     * Writes the name prefixes of an asset that has just left PENDING, unless it has some already:
     * V55 backfilled every asset, pending ones too, and a node of the release before this one wrote
     * them at insert.
     */
    private void addNamePrefixes(String id) {
        prefixKey(id).ifPresent(key -> {
            PrefixRows rows = PrefixRows.of(id, key);
            if (jdbc.sql("select count(*) from asset_name_prefixes where " + rows.where()).params(rows.params())
                    .query(Long.class).single() == 0) {
                insertNamePrefixes(id, new Owner(key.issuer(), key.subject()), key.filenameLower(), key.createdAt());
            }
        });
    }

    /**
     * Deletes the asset's name prefixes through the table's key (owner, prefix, created_at,
     * asset id), computed from the record: no index on the asset id alone is needed for it.
     */
    private void deleteNamePrefixes(String id) {
        prefixKey(id).map(key -> PrefixRows.of(id, key)).ifPresent(rows ->
                jdbc.sql("delete from asset_name_prefixes where " + rows.where()).params(rows.params()).update());
    }

    /**
     * An asset's name prefix rows as a condition on the table's key: every prefix it may have been
     * written with ({@link NamePrefixes#written}, which covers H2's backfill too).
     */
    private record PrefixRows(String where, List<Object> params) {

        static PrefixRows of(String id, PrefixKey key) {
            List<String> prefixes = List.copyOf(NamePrefixes.written(key.filenameLower()));
            List<Object> params = new ArrayList<>(List.of(key.issuer(), key.subject()));
            params.addAll(prefixes);
            params.add(ts(key.createdAt()));
            params.add(id);
            return new PrefixRows("owner_issuer = ? and owner_subject = ? and prefix in (" + marks(prefixes.size())
                    + ") and created_at = ? and asset_id = ?", params);
        }
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    void saveVariant(String assetId, Variant v) {
        jdbc.sql("delete from asset_variants where asset_id = ? and name = ?").params(assetId, v.name()).update();
        jdbc.sql("""
                insert into asset_variants (asset_id, name, object_key, content_type, width, height, size_bytes)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(assetId, v.name(), v.objectKey(), v.contentType(), v.width(), v.height(), v.size())
                .update();
    }

    /**
     * Records what processing learnt of the media: dimensions, orientation, capture time, duration,
     * type. Also moves the asset in the list by capture time (sort=captured), which falls back to
     * its creation.
     */
    void saveMetadata(String assetId, AssetMetadata m) {
        jdbc.sql("""
                update assets set media_width = ?, media_height = ?, media_orientation = ?, media_captured_at = ?,
                    media_duration_ms = ?, media_detected_type = ?, media_placeholder_kind = ?, media_placeholder = ?,
                    captured_or_created_at = coalesce(?, created_at)
                where id = ?""")
                .params(m.width(), m.height(), m.orientation(), ts(m.capturedAt()), m.durationMs(), m.detectedType(),
                        m.placeholder() == null ? null : m.placeholder().kind(),
                        m.placeholder() == null ? null : m.placeholder().value(), ts(m.capturedAt()),
                        assetId)
                .update();
    }

    /** Points the asset at its object's new key (after a move to quarantine). */
    void moveObject(String assetId, String objectKey) {
        jdbc.sql("update assets set object_key = ? where id = ?").params(objectKey, assetId).update();
    }

    /** Records the rewritten original's size and checksum. */
    void replaceOriginal(String assetId, long size, String checksum) {
        jdbc.sql("update assets set size_bytes = ?, checksum = ? where id = ?").params(size, checksum, assetId)
                .update();
    }

    Map<String, Variant> variants(String assetId) {
        return variantsOf(List.of(assetId)).getOrDefault(assetId, new LinkedHashMap<>());
    }

    /** The assets with their variants, read in one query (a page of the list). */
    List<Asset> withVariants(List<Asset> assets) {
        Map<String, Map<String, Variant>> variants = variantsOf(assets.stream().map(Asset::id).toList());
        return assets.stream().map(a -> a.withVariants(variants.getOrDefault(a.id(), Map.of()))).toList();
    }

    /** The variants of several assets in one query (a page of the list), by asset id then name. */
    private Map<String, Map<String, Variant>> variantsOf(List<String> assetIds) {
        Map<String, Map<String, Variant>> byAsset = new LinkedHashMap<>();
        if (assetIds.isEmpty()) {
            return byAsset;
        }
        jdbc.sql("select * from asset_variants where asset_id in (" + marks(assetIds.size()) + ") order by asset_id, name")
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
