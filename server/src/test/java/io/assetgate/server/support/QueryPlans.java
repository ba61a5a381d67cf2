package io.assetgate.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a query under {@code EXPLAIN ANALYZE} on PostgreSQL or H2 and checks that it seeks: it
 * reads the rows it answers from the expected index, within a bound, instead of scanning the
 * table or filtering its way through an index. Both engines really run the query, so the
 * counts are the rows actually read, not estimates.
 */
public final class QueryPlans {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern H2_SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");

    private QueryPlans() {
    }

    public static boolean isPostgres(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Asserts that {@code sql} reads through {@code index}, reading at most {@code maxRead}
     * index entries (rows the filter then removed included), with no table scan; and, when
     * {@code keysetColumn} is given, that the keyset on it, {@code (column, id) < (?, ?)}, is in
     * the index condition (PostgreSQL) or bounds the index's range (H2): that the page's
     * position is sought, not filtered for.
     */
    public static void assertSeeks(DataSource dataSource, String sql, List<Object> params, String index,
            String keysetColumn, long maxRead) {
        assertSeeks(dataSource, sql, params, List.of(index), keysetColumn, maxRead);
    }

    /** As above, where the database may pick any of {@code indexes}, each of which seeks. */
    public static void assertSeeks(DataSource dataSource, String sql, List<Object> params, List<String> indexes,
            String keysetColumn, long maxRead) {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        if (isPostgres(dataSource)) {
            String json = jdbc.sql("explain (analyze, format json) " + sql).params(params).query(String.class).single();
            List<JsonNode> nodes = new ArrayList<>();
            collect(JSON.readTree(json).get(0).get("Plan"), nodes);
            String plan = json.replaceAll("\\s+", " ");
            assertThat(nodes).as("no table scan in %s", plan)
                    .noneMatch(n -> n.get("Node Type").asString().equals("Seq Scan"));
            JsonNode scan = nodes.stream()
                    .filter(n -> n.has("Index Name") && indexes.contains(n.get("Index Name").asString()))
                    .findFirst().orElseThrow(() -> new AssertionError("no scan of " + indexes + " in " + plan));
            long removed = nodes.stream().mapToLong(n -> n.path("Rows Removed by Filter").asLong(0)
                    + n.path("Rows Removed by Index Recheck").asLong(0)).sum();
            // A bitmap index scan reports every entry it read; the heap scan above it then removes
            // some of those same rows. A plain index scan reports the rows its filter kept.
            long entries = scan.get("Actual Rows").asLong() * Math.max(1, scan.get("Actual Loops").asLong());
            long read = scan.get("Node Type").asString().equals("Bitmap Index Scan") ? entries : entries + removed;
            assertThat(read).as("entries read (removed by filters: %d) in %s", removed, plan).isLessThanOrEqualTo(maxRead);
            if (keysetColumn != null) {
                // PostgreSQL shows it as ROW(created_at, (id)::text) < ROW(...); in a join, with the
                // table's alias, and the id may be the asset's (asset_id)
                assertThat(scan.path("Index Cond").asString("")).as("the keyset in the index condition of %s", plan)
                        .containsPattern("ROW\\((\\w+\\.)?" + keysetColumn
                                + ", \\(?(\\w+\\.)?(asset_)?id\\)?(::text)?\\) < ROW\\(");
            }
        } else {
            String plan = jdbc.sql("explain analyze " + sql).params(params).query(String.class).single();
            String index = indexes.stream().filter(i -> Pattern.compile("/\\* public\\." + i + "(:| \\*/)").matcher(plan)
                    .find()).findFirst().orElseThrow(() -> new AssertionError("no scan of " + indexes + " in " + plan));
            assertThat(plan).as(plan).doesNotContain("tableScan");
            Matcher count = H2_SCAN_COUNT.matcher(plan);
            assertThat(count.find()).as(plan).isTrue();
            assertThat(Long.parseLong(count.group(1))).as("rows read in %s", plan).isLessThanOrEqualTo(maxRead);
            if (keysetColumn != null) {
                String range = plan.substring(plan.indexOf("/* public." + index), plan.indexOf("*/"));
                assertThat(range).as("the keyset bounds the index range in %s", plan).contains(keysetColumn + " <=");
            }
        }
    }

    /**
     * Asserts that {@code sql} answers in the order it reads its index: no sort in the plan
     * (PostgreSQL), "index sorted" (H2). A statement that reads every match and sorts them costs
     * in proportion to the matches, however few entries a page needs.
     */
    public static void assertReadsInIndexOrder(DataSource dataSource, String sql, List<Object> params) {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        if (isPostgres(dataSource)) {
            String json = jdbc.sql("explain (format json) " + sql).params(params).query(String.class).single();
            List<JsonNode> nodes = new ArrayList<>();
            collect(JSON.readTree(json).get(0).get("Plan"), nodes);
            assertThat(nodes).as("no sort in %s", json.replaceAll("\\s+", " "))
                    .noneMatch(n -> n.get("Node Type").asString().contains("Sort"));
        } else {
            String plan = jdbc.sql("explain " + sql).params(params).query(String.class).single();
            assertThat(plan).as("read in index order").contains("/* index sorted */");
        }
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        into.add(node);
        JsonNode children = node.get("Plans");
        if (children != null) {
            for (int i = 0; i < children.size(); i++) {
                collect(children.get(i), into);
            }
        }
    }
}
