package io.assetgate.server.limits;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.assetgate.server.security.Owner;

/**
 * Per-owner usage: bytes and assets, used (completed) and reserved (pending uploads).
 *
 * <p>MUST: a reservation is one conditional {@code update} that checks the limit and adds
 * the declaration in a single statement. The database locks the row for the rest of the
 * caller's transaction, so concurrent creates are serialized and cannot overshoot.
 */
@Repository
public class UsageLedger {

    private final JdbcClient jdbc;

    public UsageLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Reserves {@code bytes} and one asset for {@code owner} in the current transaction, if
     * that keeps the owner within the limits ({@code 0}: none). Answers false when it would not.
     */
    public boolean reserve(Owner owner, long bytes, long quotaBytes, long quotaAssets) {
        // The owner's row nearly always exists: try the update alone first. Inserting a key
        // that exists and is locked by a concurrent create makes H2 wait on that transaction
        // much longer than the update itself would.
        if (tryReserve(owner, bytes, quotaBytes, quotaAssets)) {
            return true;
        }
        // Either over quota, or the row is missing, or a concurrent first create inserted it
        // after our update looked. Once the row surely exists, the second update decides.
        if (!exists(owner)) {
            ensureRow(owner);
        }
        return tryReserve(owner, bytes, quotaBytes, quotaAssets);
    }

    private boolean tryReserve(Owner owner, long bytes, long quotaBytes, long quotaAssets) {
        return jdbc.sql("""
                update owner_usage set bytes_reserved = bytes_reserved + :bytes, assets_reserved = assets_reserved + 1
                where owner_issuer = :iss and owner_subject = :sub
                  and (:qb = 0 or bytes_used + bytes_reserved + :bytes <= :qb)
                  and (:qa = 0 or assets_used + assets_reserved + 1 <= :qa)""")
                .param("bytes", bytes).param("qb", quotaBytes).param("qa", quotaAssets)
                .param("iss", owner.issuer()).param("sub", owner.subject())
                .update() == 1;
    }

    private boolean exists(Owner owner) {
        return jdbc.sql("select count(*) from owner_usage where owner_issuer = :iss and owner_subject = :sub")
                .param("iss", owner.issuer()).param("sub", owner.subject()).query(Long.class).single() > 0;
    }

    /** A pending upload ended without an asset: its reservation is given back. */
    public void release(Owner owner, long bytes) {
        adjust(owner, 0, -bytes, 0, -1);
    }

    /** A pending upload completed: its reservation becomes use. */
    public void convert(Owner owner, long bytes) {
        adjust(owner, bytes, -bytes, 1, -1);
    }

    /** A completed asset was deleted: its bytes are free again. */
    public void free(Owner owner, long bytes) {
        adjust(owner, -bytes, 0, -1, 0);
    }

    /** A completed asset got smaller (processing stripped its metadata): those bytes are free again. */
    public void shrink(Owner owner, long bytes) {
        adjust(owner, -bytes, 0, 0, 0);
    }

    /** The owner's usage: {bytes used, bytes reserved, assets used, assets reserved}. */
    public long[] usage(Owner owner) {
        return jdbc.sql("""
                select bytes_used, bytes_reserved, assets_used, assets_reserved from owner_usage
                where owner_issuer = :iss and owner_subject = :sub""")
                .param("iss", owner.issuer()).param("sub", owner.subject())
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)})
                .optional().orElse(new long[4]);
    }

    private void adjust(Owner owner, long used, long reserved, long assets, long assetsReserved) {
        // Floors at zero: usage recorded before quotas existed must not go negative.
        jdbc.sql("""
                update owner_usage set
                  bytes_used = greatest(bytes_used + :used, 0), bytes_reserved = greatest(bytes_reserved + :reserved, 0),
                  assets_used = greatest(assets_used + :assets, 0),
                  assets_reserved = greatest(assets_reserved + :assetsReserved, 0)
                where owner_issuer = :iss and owner_subject = :sub""")
                .param("used", used).param("reserved", reserved).param("assets", assets)
                .param("assetsReserved", assetsReserved)
                .param("iss", owner.issuer()).param("sub", owner.subject())
                .update();
    }

    /**
     * Makes sure the owner's row exists, in the caller's transaction. {@code on conflict do
     * nothing} (PostgreSQL, and H2 in PostgreSQL mode) never fails on a concurrent first
     * create, so the caller's transaction is never aborted and needs no second connection.
     */
    private void ensureRow(Owner owner) {
        jdbc.sql("insert into owner_usage (owner_issuer, owner_subject) values (:iss, :sub) on conflict do nothing")
                .param("iss", owner.issuer()).param("sub", owner.subject()).update();
    }
}
