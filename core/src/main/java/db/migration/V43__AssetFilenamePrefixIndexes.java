package db.migration;

import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The indexes of the filename-prefix filter ({@code q=}), matched as
 * {@code filename_lower like 'prefix%'}. PostgreSQL uses a b-tree for a LIKE prefix only
 * with the pattern operator class when the database's collation is not C (a collation
 * orders "a-b" and "ab" by rules a prefix range does not follow); H2 has no operator
 * classes and turns the prefix into a range on a plain index by itself. So the statements
 * differ, which a SQL migration shared by both cannot express.
 */
public class V43__AssetFilenamePrefixIndexes extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        boolean postgres = context.getConnection().getMetaData().getDatabaseProductName()
                .toLowerCase(java.util.Locale.ROOT).contains("postgres");
        String pattern = postgres ? " varchar_pattern_ops" : "";
        try (Statement s = context.getConnection().createStatement()) {
            s.execute("create index assets_owner_filename on assets (owner_issuer, owner_subject, filename_lower"
                    + pattern + ")");
            s.execute("create index assets_filename on assets (filename_lower" + pattern + ")");
        }
    }
}
