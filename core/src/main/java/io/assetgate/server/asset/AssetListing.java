package io.assetgate.server.asset;

import static io.assetgate.server.jdbc.Sql.ts;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.assetgate.server.security.Owner;

/**
 * The asset lists, one page at a time, newest first by keyset. Every query has the shape of
 * one of V42's indexes: equality columns (owner, then kind or state), then the sort key and
 * id, compared as a row, {@code (key, id) < (?, ?)}. PostgreSQL turns that into one index
 * range and reads a page's worth of entries, on the first page as on the last; an
 * {@code or} of the two comparisons would not be a range, and would walk every newer entry.
 * The ORDER BY repeats the equality columns because H2 only reads an index in order when
 * the ORDER BY names its columns from the first. The owner's list by name prefix ({@code q=})
 * has the same shape on the key of V55's {@code asset_name_prefixes}: owner, prefix, then time.
 */
@Repository
class AssetListing {

    private final JdbcClient jdbc;
    private final AssetRepository assets;

    AssetListing(JdbcClient jdbc, AssetRepository assets) {
        this.jdbc = jdbc;
        this.assets = assets;
    }

    /**
     * One page of {@code filter}'s list, after {@code after} (exclusive) or from the newest.
     * {@code owner} null lists every owner's assets.
     */
    List<Asset> page(Owner owner, AssetFilter filter, AssetCursor after, int limit) {
        Query q = query(owner, filter, after, limit);
        return assets.withVariants(jdbc.sql(q.sql()).params(q.params()).query(AssetRepository::map).list());
    }

    /** The SQL and parameters of a page: what {@link #page} runs, and what the plan tests explain. */
    static Query query(Owner owner, AssetFilter filter, AssetCursor after, int limit) {
        if (seeksByName(owner, filter)) {
            return byName(owner, filter, after, limit);
        }
        StringBuilder where = new StringBuilder();
        List<String> order = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (owner != null) {
            where.append(" and owner_issuer = ? and owner_subject = ?");
            params.add(owner.issuer());
            params.add(owner.subject());
            order.add("owner_issuer");
            order.add("owner_subject");
        }
        // One equality column at most goes into the index prefix: state when given, else kind.
        // With both, the other one is checked on the rows the index yields.
        if (filter.state() != null) {
            where.append(" and state = ?");
            params.add(filter.state().name());
            order.add("state");
        } else {
            where.append(" and state <> 'PENDING'");
        }
        if (filter.kind() != null) {
            where.append(" and kind = ?");
            params.add(filter.kind());
            if (filter.state() == null) {
                order.add("kind");
            }
        }
        if (filter.namePrefix() != null) {
            where.append(" and filename_lower like ? escape '\\'");
            params.add(likePrefix(filter.namePrefix()));
        }
        String key = filter.sort().column();
        if (filter.from() != null) {
            where.append(" and ").append(key).append(" >= ?");
            params.add(ts(filter.from()));
        }
        // A cursor of this list lies below "to" already (the cursor carries its filter), and
        // H2 would start its index range at one of two upper bounds only, maybe the far one.
        if (filter.to() != null && after == null) {
            where.append(" and ").append(key).append(" < ?");
            params.add(ts(filter.to()));
        }
        if (after != null) {
            where.append(" and (").append(key).append(", id) < (?, ?)");
            params.add(ts(after.sortKey()));
            params.add(after.id());
        }
        // With a name prefix and a filter the prefix table does not hold (kind, state, sort=captured,
        // the admin list), the names are read through the name index, then sorted: a cost in
        // proportion to the matches. Ordered by the bare sort key, PostgreSQL may walk that
        // key's index instead and check each name, expecting the matches spread evenly over
        // time; names made in order (IMG_0012...) are not, and one old prefix then read a
        // million entries. Ordering by an expression of the key leaves that plan no advantage.
        order.add((filter.namePrefix() == null ? key : key + " + interval '0' second") + " desc");
        order.add("id desc");
        String sql = "select * from assets where " + where.substring(" and ".length()) + " order by "
                + String.join(", ", order) + " fetch first ? rows only";
        params.add(limit);
        return new Query(sql, params);
    }

    /**
     * Whether a page of {@code filter} is one range of {@code asset_name_prefixes}: the owner's
     * list by creation time, with a name prefix and at most a time range. The table holds no
     * kind, state or capture time, and is keyed by owner; with those, a seek through it would
     * filter its way down instead, so they keep the name index (see {@link #query}).
     */
    static boolean seeksByName(Owner owner, AssetFilter filter) {
        return owner != null && filter.namePrefix() != null && filter.kind() == null && filter.state() == null
                && filter.sort() == AssetFilter.Sort.CREATED;
    }

    /**
     * A {@code q=} page through {@code asset_name_prefixes}: the rows of the owner and the name's
     * first {@link NamePrefixes#LENGTH} characters, newest first from the cursor, joined to their
     * assets by primary key. It reads a page's worth of entries for a {@code q} up to that length,
     * however many names match. A longer {@code q} reads the rows of its first characters until a
     * page's worth also matches the rest: a cost that grows with the newer names sharing those.
     */
    private static Query byName(Owner owner, AssetFilter filter, AssetCursor after, int limit) {
        StringBuilder where = new StringBuilder("p.owner_issuer = ? and p.owner_subject = ? and p.prefix = ?");
        String seek = NamePrefixes.seek(filter.namePrefix());
        List<Object> params = new ArrayList<>(List.of(owner.issuer(), owner.subject(), seek));
        if (filter.from() != null) {
            where.append(" and p.created_at >= ?");
            params.add(ts(filter.from()));
        }
        if (filter.to() != null && after == null) {
            where.append(" and p.created_at < ?");
            params.add(ts(filter.to()));
        }
        if (after != null) {
            where.append(" and (p.created_at, p.asset_id) < (?, ?)");
            params.add(ts(after.sortKey()));
            params.add(after.id());
        }
        where.append(" and a.state <> 'PENDING'");
        // Up to the prefix length, the prefix's equality is the name's LIKE. Past it, the rest of
        // the name is checked on the rows the seek yields, as an expression no index holds: with
        // the bare column, PostgreSQL may read the name index and sort, when it expects few matches.
        if (seek.length() < filter.namePrefix().length()) {
            where.append(" and (a.filename_lower || '') like ? escape '\\'");
            params.add(likePrefix(filter.namePrefix()));
        }
        params.add(limit);
        // The join checks the asset's own owner as well: the page MUST hold the caller's assets only.
        return new Query("select a.* from asset_name_prefixes p join assets a on a.id = p.asset_id"
                + " and a.owner_issuer = p.owner_issuer and a.owner_subject = p.owner_subject where " + where
                + " order by p.owner_issuer, p.owner_subject, p.prefix, p.created_at desc, p.asset_id desc"
                + " fetch first ? rows only", params);
    }

    /** A LIKE pattern matching names that start with {@code prefix}, its wildcards escaped. */
    static String likePrefix(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    /** A statement and its parameters, in order. */
    record Query(String sql, List<Object> params) {
    }
}
