package io.assetgate.server.limits;

import java.util.concurrent.ThreadLocalRandom;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.assetgate.server.security.Owner;

/**
 * Per-owner usage: bytes and assets, used (completed) and reserved (pending uploads).
 *
 * <p>MUST: a reservation against a quota is one conditional {@code update} of the owner's row
 * that checks the limit and adds the declaration in a single statement. The database locks
 * the row for the rest of the caller's transaction, so concurrent creates under a quota are
 * serialized and cannot overshoot.
 *
 * <p>A caller without a quota is only counted, never checked: its reservation goes to one of
 * {@value #STRIPES} stripe rows of the owner ({@code owner_usage_stripes}), picked at random,
 * so its concurrent creates do not queue on one row lock until each commit. The owner's
 * reserved figure is the owner's row plus its stripes; releases and conversions stay on the
 * owner's row, whose reserved columns may therefore go below zero while the sum is exact. A
 * quota check reads the stripes in the same statement: what it may read stale is only what
 * creates without a quota added meanwhile (which no quota limits) and what releases took away
 * (which only makes it stricter), never another checked reservation, which waits for the lock.
 */
@Repository
public class UsageLedger {

    /** Stripe rows per owner for reservations without a quota: about as many as concurrent creates of one owner. */
    static final int STRIPES = 16;

    private final JdbcClient jdbc;

    public UsageLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Reserves {@code bytes} and one asset for {@code owner} in the current transaction, if
     * that keeps the owner within the limits ({@code 0}: none). Answers false when it would not.
     */
    public boolean reserve(Owner owner, long bytes, long quotaBytes, long quotaAssets) {
        if (quotaBytes == 0 && quotaAssets == 0) {
            reserveUnchecked(owner, bytes);
            return true;
        }
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

    /** Counts a reservation of a caller without a quota on one of the owner's stripes. */
    private void reserveUnchecked(Owner owner, long bytes) {
        int stripe = ThreadLocalRandom.current().nextInt(STRIPES);
        if (addToStripe(owner, stripe, bytes) == 0) {
            // The stripe's first use: insert it (a concurrent first use may win; then add again).
            jdbc.sql("""
                    insert into owner_usage_stripes (owner_issuer, owner_subject, stripe) values (:iss, :sub, :stripe)
                    on conflict do nothing""")
                    .param("iss", owner.issuer()).param("sub", owner.subject()).param("stripe", stripe).update();
            addToStripe(owner, stripe, bytes);
        }
    }

    private int addToStripe(Owner owner, int stripe, long bytes) {
        return jdbc.sql("""
                update owner_usage_stripes set bytes_reserved = bytes_reserved + :bytes,
                  assets_reserved = assets_reserved + 1
                where owner_issuer = :iss and owner_subject = :sub and stripe = :stripe""")
                .param("bytes", bytes).param("iss", owner.issuer()).param("sub", owner.subject())
                .param("stripe", stripe).update();
    }

    private boolean tryReserve(Owner owner, long bytes, long quotaBytes, long quotaAssets) {
        // The stripes are read in the statement's snapshot; the owner's row after its lock (see the class comment).
        // A sum below zero (releases of reservations made before quotas were counted) counts as none.
        return jdbc.sql("""
                update owner_usage set bytes_reserved = bytes_reserved + :bytes, assets_reserved = assets_reserved + 1
                where owner_issuer = :iss and owner_subject = :sub
                  and (:qb = 0 or bytes_used + greatest(bytes_reserved + (select coalesce(sum(s.bytes_reserved), 0)
                      from owner_usage_stripes s where s.owner_issuer = :iss and s.owner_subject = :sub), 0) + :bytes <= :qb)
                  and (:qa = 0 or assets_used + greatest(assets_reserved + (select coalesce(sum(s.assets_reserved), 0)
                      from owner_usage_stripes s where s.owner_issuer = :iss and s.owner_subject = :sub), 0) + 1 <= :qa)""")
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

    /** The owner's usage, stripes included: {bytes used, bytes reserved, assets used, assets reserved}. */
    public long[] usage(Owner owner) {
        return jdbc.sql("""
                select coalesce(sum(bytes_used), 0), coalesce(sum(bytes_reserved), 0), coalesce(sum(assets_used), 0),
                       coalesce(sum(assets_reserved), 0)
                from (select bytes_used, bytes_reserved, assets_used, assets_reserved from owner_usage
                      where owner_issuer = :iss and owner_subject = :sub
                      union all
                      select 0, bytes_reserved, 0, assets_reserved from owner_usage_stripes
                      where owner_issuer = :iss and owner_subject = :sub) u""")
                .param("iss", owner.issuer()).param("sub", owner.subject())
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)})
                .optional().orElse(new long[4]);
    }

    private void adjust(Owner owner, long used, long reserved, long assets, long assetsReserved) {
        if (tryAdjust(owner, used, reserved, assets, assetsReserved) == 0) {
            // An owner whose creates were all counted on stripes has no row yet.
            ensureRow(owner);
            tryAdjust(owner, used, reserved, assets, assetsReserved);
        }
    }

    private int tryAdjust(Owner owner, long used, long reserved, long assets, long assetsReserved) {
        // Used floors at zero: usage recorded before quotas existed must not go negative. Reserved
        // does not: a reservation counted on a stripe is released here (see the class comment).
        return jdbc.sql("""
                update owner_usage set
                  bytes_used = greatest(bytes_used + :used, 0), bytes_reserved = bytes_reserved + :reserved,
                  assets_used = greatest(assets_used + :assets, 0), assets_reserved = assets_reserved + :assetsReserved
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
