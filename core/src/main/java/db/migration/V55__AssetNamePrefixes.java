package db.migration;

import java.sql.Statement;
import java.util.Locale;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The name-prefix table of {@code q=} (owned by the asset module): one row per asset and prefix
 * of its lower-cased filename, 1 to 12 characters, keyed (owner, prefix, created_at, asset id).
 * A page of {@code q=} is then one range of the key in time order, like the owner's plain list,
 * instead of every matching name read through V43's name index and sorted.
 *
 * <p>The key differs between the two databases, which a shared SQL migration cannot express:
 * PostgreSQL's primary key is ascending and read backwards for "newest first"; H2 reads an index
 * in order only in the ORDER BY's directions and cannot declare a primary key's, so it gets a
 * unique index of that name with descending time and id (an embedded database needs no primary
 * key for replication). There is no foreign key: its cascade would need an index on the asset id
 * alone, and the asset module deletes the rows through the key with the asset.
 *
 * <p>The backfill is one set-based statement from the assets that exist, before the key is
 * built (one sort instead of an index updated row by row). Lengths are characters as
 * {@code left()} counts them. The length, 12, is {@code NamePrefixes.LENGTH}; the prefix column
 * is wider so that twelve characters fit in H2's UTF-16 units as well.
 */
public class V55__AssetNamePrefixes extends BaseJavaMigration {

    private static final int LENGTH = 12;

    @Override
    public void migrate(Context context) throws Exception {
        boolean postgres = context.getConnection().getMetaData().getDatabaseProductName()
                .toLowerCase(Locale.ROOT).contains("postgres");
        try (Statement s = context.getConnection().createStatement()) {
            s.execute("""
                    create table asset_name_prefixes (
                        owner_issuer        varchar(512)  not null,
                        owner_subject       varchar(255)  not null,
                        prefix              varchar(48)   not null,
                        created_at          timestamp with time zone not null,
                        asset_id            varchar(36)   not null
                    )""");
            s.execute(backfill());
            s.execute(postgres
                    ? "alter table asset_name_prefixes add constraint asset_name_prefixes_pkey"
                            + " primary key (owner_issuer, owner_subject, prefix, created_at, asset_id)"
                    : "create unique index asset_name_prefixes_pkey on asset_name_prefixes"
                            + " (owner_issuer, owner_subject, prefix, created_at desc, asset_id desc)");
            if (postgres) {
                s.execute("analyze asset_name_prefixes");
            }
        }
    }

    /**
     * One row per asset and prefix length up to its name's, from the lower-cased names V42 made;
     * the plan tests fill the rows they seed with it too.
     */
    public static String backfill() {
        StringBuilder lengths = new StringBuilder();
        for (int n = 1; n <= LENGTH; n++) {
            lengths.append(n == 1 ? "" : ", ").append("(").append(n).append(")");
        }
        return """
                insert into asset_name_prefixes (owner_issuer, owner_subject, prefix, created_at, asset_id)
                select a.owner_issuer, a.owner_subject, left(a.filename_lower, n.len), a.created_at, a.id
                from assets a join (values %s) as n(len) on n.len <= char_length(a.filename_lower)"""
                .formatted(lengths);
    }
}
