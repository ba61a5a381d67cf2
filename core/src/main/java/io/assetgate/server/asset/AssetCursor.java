package io.assetgate.server.asset;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import io.assetgate.server.web.ApiException;

/**
 * A keyset position in one asset list, opaque to clients: the last item's sort key and id,
 * and the fingerprint of the filter and sort it was made for.
 */
record AssetCursor(Instant sortKey, String id, String filter) {

    private static final String VERSION = "2";

    /** The position after {@code last} in the list of {@code filter}. */
    static AssetCursor after(Asset last, AssetFilter filter) {
        return new AssetCursor(filter.sortKey(last), last.id(), filter.fingerprint());
    }

    public String encode() {
        String raw = VERSION + "." + sortKey.getEpochSecond() + "." + sortKey.getNano() + "." + filter + "." + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes a cursor from a previous page of the same list, or throws {@code VALIDATION_FAILED}.
     * A cursor of the first version (before filters) carries no filter: it is read as the
     * unfiltered list by creation time, the only list there was.
     */
    public static AssetCursor decode(String cursor, AssetFilter filter) {
        AssetCursor decoded;
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\.", 5);
            decoded = parts.length == 5 && parts[0].equals(VERSION)
                    ? new AssetCursor(instant(parts[1], parts[2]), parts[4], parts[3])
                    : new AssetCursor(instant(parts[0], parts[1]), versionOne(parts),
                            AssetFilter.NONE.fingerprint());
        } catch (RuntimeException e) {
            throw ApiException.validation("cursor", "is not a cursor from a previous page");
        }
        if (!decoded.filter().equals(filter.fingerprint())) {
            throw ApiException.validation("cursor", "belongs to a list with another filter or sort; "
                    + "start again without a cursor");
        }
        return decoded;
    }

    private static String versionOne(String[] parts) {
        // created-seconds.nanos.id, where the id itself has no dot
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a cursor");
        }
        return parts[2];
    }

    private static Instant instant(String seconds, String nanos) {
        return Instant.ofEpochSecond(Long.parseLong(seconds), Long.parseLong(nanos));
    }
}
