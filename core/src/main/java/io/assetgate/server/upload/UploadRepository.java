package io.assetgate.server.upload;

import static io.assetgate.server.jdbc.Sql.instant;
import static io.assetgate.server.jdbc.Sql.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.assetgate.server.security.Owner;
import io.assetgate.server.storage.Checksum;
import io.assetgate.server.storage.ObjectKeys;

/** Upload records. State changes are conditional updates, so concurrent callers cannot both win. */
@Repository
class UploadRepository {

    private final JdbcClient jdbc;

    public UploadRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Upload u) {
        jdbc.sql("""
                insert into uploads (id, asset_id, owner_issuer, owner_subject, idempotency_key, request_hash,
                    filename, content_type, size_bytes, checksum, object_key, mode, state, multipart_id,
                    part_size, part_count, created_at, expires_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(u.id(), u.assetId(), u.owner().issuer(), u.owner().subject(), u.idempotencyKey(),
                        u.requestHash(), u.filename(), u.contentType(), u.size(),
                        u.checksum() == null ? null : u.checksum().toString(), u.objectKey(), u.mode().name(),
                        u.state().name(), u.multipartId(), u.partSize(), u.partCount(), ts(u.createdAt()),
                        ts(u.expiresAt()))
                .update();
    }

    /** The upload with this id if {@code owner} owns it. */
    public Optional<Upload> find(String id, Owner owner) {
        return jdbc.sql("select * from uploads where id = ? and owner_issuer = ? and owner_subject = ?")
                .params(id, owner.issuer(), owner.subject())
                .query(UploadRepository::map).optional();
    }

    public Optional<Upload> findById(String id) {
        return jdbc.sql("select * from uploads where id = ?").param(id).query(UploadRepository::map).optional();
    }

    public Optional<Upload> findByIdempotencyKey(Owner owner, String key) {
        return jdbc.sql("select * from uploads where owner_issuer = ? and owner_subject = ? and idempotency_key = ?")
                .params(owner.issuer(), owner.subject(), key)
                .query(UploadRepository::map).optional();
    }

    public Optional<Upload> findByAssetId(String assetId) {
        return jdbc.sql("select * from uploads where asset_id = ?").param(assetId)
                .query(UploadRepository::map).optional();
    }

    /** Pending uploads whose deadline passed before {@code before}, oldest first. */
    public List<Upload> findPendingExpiredBefore(Instant before, int limit) {
        return jdbc.sql("select * from uploads where state = 'PENDING' and expires_at < ? order by expires_at "
                        + "fetch first ? rows only")
                .params(ts(before), limit).query(UploadRepository::map).list();
    }

    /**
     * Moves a PENDING upload to {@code state}, stamping {@code <state>_at}. Returns false when
     * the upload was no longer PENDING, that is when another caller won the race.
     */
    public boolean transition(String id, UploadState state, String reason, Instant at) {
        String column = switch (state) {
            case COMPLETED -> "completed_at";
            case FAILED -> "failed_at";
            case ABORTED -> "aborted_at";
            case EXPIRED -> "expired_at";
            case PENDING -> throw new IllegalArgumentException("cannot move back to PENDING");
        };
        return jdbc.sql("update uploads set state = ?, state_reason = ?, " + column + " = ? "
                        + "where id = ? and state = 'PENDING'")
                .params(state.name(), reason, ts(at), id)
                .update() == 1;
    }

    /** Records a checksum the client gave at complete, for an upload declared without one. */
    public void setChecksum(String id, Checksum checksum) {
        jdbc.sql("update uploads set checksum = ? where id = ? and checksum is null").params(checksum.toString(), id)
                .update();
    }

    /** Records the store's multipart upload id once it has been created. */
    public void setMultipartId(String id, String multipartId) {
        jdbc.sql("update uploads set multipart_id = ? where id = ?").params(multipartId, id).update();
    }

    /** Records the store's multipart upload id unless one is recorded already; true when this one was kept. */
    public boolean setMultipartIdIfAbsent(String id, String multipartId) {
        return jdbc.sql("update uploads set multipart_id = ? where id = ? and multipart_id is null")
                .params(multipartId, id).update() == 1;
    }

    /** Pending uploads created before {@code before}, oldest first, for the reconciler. */
    public List<Upload> findPendingCreatedBefore(Instant before, int limit) {
        return jdbc.sql("select * from uploads where state = 'PENDING' and created_at < ? order by created_at "
                        + "fetch first ? rows only")
                .params(ts(before), limit).query(UploadRepository::map).list();
    }

    /**
     * Deletes at most {@code limit} uploads in a final state whose deadline passed before
     * {@code cutoff}; answers how many. PENDING uploads are never purged, whatever their age:
     * the reconciler settles them first.
     */
    public int purgeFinishedBefore(Instant cutoff, int limit) {
        return jdbc.sql("""
                delete from uploads where id in
                  (select id from uploads where state in ('COMPLETED', 'FAILED', 'ABORTED', 'EXPIRED')
                     and expires_at < ? fetch first ? rows only)""")
                .params(ts(cutoff), limit).update();
    }

    /** True when the upload of {@code objectKey} is PENDING and its deadline is after {@code now}. */
    public boolean isPendingObject(String objectKey, Instant now) {
        return jdbc.sql("select count(*) from uploads where object_key = ? and state = 'PENDING' and expires_at > ?")
                .params(objectKey, ts(now)).query(Long.class).single() > 0;
    }

    /**
     * True when a record still wants the object at {@code objectKey}: its upload is PENDING, or
     * COMPLETED and its asset not deleted, or an asset holds it (its upload row may have been
     * purged after its retention). An object of an aborted, expired or failed upload, or of a
     * deleted asset, is wanted by nobody (a PUT through a link that was still valid).
     */
    public boolean isObjectWanted(String objectKey) {
        return jdbc.sql("select (select count(*) from uploads u where u.object_key = ? and (u.state = 'PENDING' "
                        + "or (u.state = 'COMPLETED' and exists (select 1 from assets a where a.id = u.asset_id))))"
                        + " + (select count(*) from assets where object_key = ?)")
                .params(objectKey, objectKey).query(Long.class).single() > 0;
    }

    /**
     * True when a record still needs the bytes at {@code objectKey} (an original, or a quarantined
     * copy), for a deletion that a deployment without delete permission deferred: a PENDING
     * upload's object, or an asset's object, except the two the server deletes at once although
     * the asset's record still names them: a QUARANTINED asset's original left under the uploads
     * prefix, and a FAILED asset's whose upload failed its integrity check. A FAILED asset whose
     * upload COMPLETED (its processing failed) keeps its bytes, as on the server. Once false for a
     * key it stays false: keys are never reused, and no upload or asset returns to a state that
     * wants its bytes, so deleting after this answered false deletes nothing a record wants.
     */
    public boolean isObjectInUse(String objectKey) {
        return jdbc.sql("""
                select (select count(*) from uploads where object_key = ? and state = 'PENDING')
                     + (select count(*) from assets a where a.object_key = ?
                          and not (a.state = 'QUARANTINED' and a.object_key not like ?)
                          and not (a.state = 'FAILED'
                                   and exists (select 1 from uploads u where u.id = a.upload_id and u.state = 'FAILED')))""")
                .params(objectKey, objectKey, ObjectKeys.QUARANTINE + "%").query(Long.class).single() > 0;
    }

    /** True when a PENDING upload owns the store's multipart upload {@code multipartId} for {@code objectKey}. */
    public boolean isPendingMultipart(String objectKey, String multipartId) {
        return jdbc.sql("select count(*) from uploads where object_key = ? and multipart_id = ? and state = 'PENDING'")
                .params(objectKey, multipartId).query(Long.class).single() > 0;
    }

    static Upload map(ResultSet rs, int row) throws SQLException {
        String checksum = rs.getString("checksum");
        long partSize = rs.getLong("part_size");
        Long partSizeOrNull = rs.wasNull() ? null : partSize;
        int partCount = rs.getInt("part_count");
        Integer partCountOrNull = rs.wasNull() ? null : partCount;
        return new Upload(
                rs.getString("id"),
                rs.getString("asset_id"),
                new Owner(rs.getString("owner_issuer"), rs.getString("owner_subject")),
                rs.getString("idempotency_key"),
                rs.getString("request_hash"),
                rs.getString("filename"),
                rs.getString("content_type"),
                rs.getLong("size_bytes"),
                checksum == null ? null : Checksum.parse(checksum),
                rs.getString("object_key"),
                UploadMode.valueOf(rs.getString("mode")),
                UploadState.valueOf(rs.getString("state")),
                rs.getString("state_reason"),
                rs.getString("multipart_id"),
                partSizeOrNull,
                partCountOrNull,
                instant(rs, "created_at"),
                instant(rs, "expires_at"),
                instant(rs, "completed_at"));
    }
}
