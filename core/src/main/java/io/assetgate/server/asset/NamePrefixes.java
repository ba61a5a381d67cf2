package io.assetgate.server.asset;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rows of {@code asset_name_prefixes} (V55): one per prefix of an asset's lower-cased
 * filename, of 1 to {@link #LENGTH} characters. The table's key is (owner, prefix, created_at,
 * asset id), so a {@code q=} page is one range of it in time order, read like the owner's plain
 * list: its cost is a page's worth of entries, however many names match.
 *
 * <p>Lengths are counted in code points, as PostgreSQL's {@code left()} counts the characters V55
 * backfilled with, so that a prefix never ends inside a character.
 */
final class NamePrefixes {

    /**
     * The longest prefix kept. A {@code q} up to this long is one seek; a longer one seeks with
     * its first {@code LENGTH} characters and checks the rest of the name on the rows it reads,
     * so its cost grows with the newer names that share those characters. Twelve covers the
     * counters of cameras ({@code IMG_1234}, {@code DSC_0001}: 8) and the dates that phones put
     * after a four-character tag ({@code PXL_20240317}, {@code IMG-20240317}: 12, one day), at
     * one row per character of a name up to twelve. V55 and the benchmark's seeding write
     * prefixes of this length: changing it needs a migration that rewrites the rows.
     */
    static final int LENGTH = 12;

    private NamePrefixes() {
    }

    /** The prefixes of a lower-cased filename, shortest first: what the table holds for it. */
    static List<String> of(String filenameLower) {
        List<String> prefixes = new ArrayList<>(LENGTH);
        int end = 0;
        for (int n = 1; n <= LENGTH && end < filenameLower.length(); n++) {
            end = filenameLower.offsetByCodePoints(end, 1);
            prefixes.add(filenameLower.substring(0, end));
        }
        return prefixes;
    }

    /**
     * What {@link #of} gives, plus the prefixes cut by UTF-16 units: H2's {@code left()} counts
     * those, and V55 on H2 backfilled with it. The two differ only for names with characters
     * outside the Basic Multilingual Plane (emoji); deleting both leaves no row behind.
     */
    static Set<String> written(String filenameLower) {
        Set<String> prefixes = new LinkedHashSet<>(of(filenameLower));
        for (int n = 1; n <= Math.min(LENGTH, filenameLower.length()); n++) {
            prefixes.add(filenameLower.substring(0, n));
        }
        return prefixes;
    }

    /**
     * The prefix a {@code q} seeks with: its first {@link #LENGTH} characters, or all of it when
     * shorter. A result shorter than {@code q} means the rest of the name must still be checked.
     */
    static String seek(String namePrefix) {
        if (namePrefix.codePointCount(0, namePrefix.length()) <= LENGTH) {
            return namePrefix;
        }
        return namePrefix.substring(0, namePrefix.offsetByCodePoints(0, LENGTH));
    }
}
