package io.assetgate.server.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Each table has one owning module, and only that module's classes (its package and the
 * packages below it) write it: every {@code insert into X}, {@code update X}, {@code merge into X}
 * and {@code delete from X} in the main code's SQL strings is checked against the table's owner.
 * Other modules change a table through its owner's public API, never with SQL of their own.
 */
class TableWritersTest {

    /** The server's main code and the core's it is built on (the same packages, split over two modules). */
    private static final List<Path> MAIN = List.of(Path.of("src/main/java/io/assetgate/server"),
            Path.of("../core/src/main/java/io/assetgate/server"));
    private static final Path MIGRATIONS = Path.of("../core/src/main/resources/db/migration");
    /** The migrations written in Java, where the SQL differs between the databases. */
    private static final Path JAVA_MIGRATIONS = Path.of("../core/src/main/java/db/migration");

    /**
     * The owner of every table, by package under {@code io.assetgate.server}. {@code shedlock}
     * and {@code scheduled_tasks} are written by their libraries (ShedLock, db-scheduler) only;
     * they are listed with the module that sets the library up.
     */
    static final Map<String, String> OWNERS = Map.ofEntries(
            Map.entry("uploads", "upload"),
            Map.entry("assets", "asset"),
            Map.entry("asset_variants", "asset"),
            Map.entry("asset_name_prefixes", "asset"),
            Map.entry("asset_events", "processing.notify"),
            Map.entry("event_sequencer", "processing.notify"),
            Map.entry("owner_usage", "limits"),
            Map.entry("owner_usage_stripes", "limits"),
            Map.entry("audit_events", "audit"),
            Map.entry("oauth2_authorization", "security.idp"),
            Map.entry("deferred_deletions", "storage"),
            Map.entry("shedlock", "upload"),
            Map.entry("scheduled_tasks", "processing"));

    private static final Pattern CREATE_TABLE = Pattern.compile("(?i)create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?(\\w+)");
    private static final Pattern WRITE = Pattern.compile("(?i)\\b(insert\\s+into|update|merge\\s+into|delete\\s+from)\\s+(\\w+)");
    // A text block, or an ordinary string literal on one line.
    private static final Pattern STRING = Pattern.compile("\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"", Pattern.DOTALL);

    /** One write found in the code: where, and to which table. */
    record Write(String pkg, String file, String statement, String table) {
    }

    @Test
    void everyTableHasAnOwner() {
        assertThat(OWNERS.keySet()).containsExactlyInAnyOrderElementsOf(tables());
    }

    @Test
    void onlyTheOwningModuleWritesATable() {
        List<Write> writes = MAIN.stream().flatMap(root -> writes(root).stream()).toList();
        assertThat(writes).as("the scan finds the writers it checks")
                .anyMatch(w -> w.table().equals("assets"))
                .anyMatch(w -> w.table().equals("asset_name_prefixes"))
                .anyMatch(w -> w.table().equals("uploads"));
        assertThat(writes).as("writes outside the owning module: a table has one writer")
                .filteredOn(w -> !owns(OWNERS.get(w.table()), w.pkg()))
                .isEmpty();
    }

    @Test
    void findsAWriteOutsideItsOwner() throws IOException {
        Path tree = Files.createTempDirectory("table-writers");
        try {
            Path processing = Files.createDirectories(tree.resolve("processing"));
            Files.writeString(processing.resolve("Sneaky.java"), """
                    class Sneaky {
                        void move(org.springframework.jdbc.core.simple.JdbcClient jdbc) {
                            jdbc.sql("update assets set object_key = ? where id = ?").update();
                        }
                    }
                    """);
            assertThat(writes(tree)).containsExactly(new Write("processing", "Sneaky.java", "update", "assets"));
            assertThat(owns(OWNERS.get("assets"), "processing")).isFalse();
        } finally {
            try (Stream<Path> files = Files.walk(tree)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static boolean owns(String owner, String pkg) {
        return owner != null && (pkg.equals(owner) || pkg.startsWith(owner + "."));
    }

    private static Set<String> tables() {
        Set<String> tables = new TreeSet<>();
        List<Path> migrations = new ArrayList<>(files(MIGRATIONS, ".sql"));
        migrations.addAll(files(JAVA_MIGRATIONS, ".java"));
        for (Path sql : migrations) {
            Matcher m = CREATE_TABLE.matcher(read(sql));
            while (m.find()) {
                tables.add(m.group(1).toLowerCase(Locale.ROOT));
            }
        }
        return tables;
    }

    /** The writes to known tables in the SQL strings of the Java files under {@code root}. */
    private static List<Write> writes(Path root) {
        Set<String> tables = tables();
        List<Write> writes = new ArrayList<>();
        for (Path source : files(root, ".java")) {
            Path dir = root.relativize(source).getParent();
            String pkg = dir == null ? "" : dir.toString().replace(java.io.File.separatorChar, '.');
            Matcher literal = STRING.matcher(read(source));
            while (literal.find()) {
                String text = literal.group(1) != null ? literal.group(1) : literal.group(2);
                Matcher write = WRITE.matcher(text);
                while (write.find()) {
                    String table = write.group(2).toLowerCase(Locale.ROOT);
                    if (tables.contains(table)) {
                        String statement = write.group(1).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
                        writes.add(new Write(pkg, source.getFileName().toString(), statement, table));
                    }
                }
            }
        }
        return writes;
    }

    private static List<Path> files(Path root, String suffix) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
