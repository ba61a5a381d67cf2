package io.assetgate.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@link AssetgateClient#list(AssetFilter, int, String)} lists: every part optional,
 * all that are set must hold. Immutable; each {@code with...} answers a new filter. A cursor
 * from one filter must be used with the same filter (the server refuses it otherwise).
 *
 * <pre>{@code
 * AssetFilter videos = AssetFilter.all().withKind(AssetFilter.Kind.VIDEO).withSort(AssetFilter.Sort.CAPTURED)
 *         .withFrom(Instant.parse("2026-01-01T00:00:00Z"));
 * }</pre>
 *
 * @param kind images or videos only, or null for both
 * @param state one state ({@code READY}, {@code QUARANTINED}...), or null for every listed state;
 *        text, like {@link Asset#state()}, so that states a newer server adds can be asked for
 * @param sort the sort key, newest first; null means {@link Sort#CREATED}
 * @param from inclusive lower bound on the sort key, or null
 * @param to exclusive upper bound on the sort key, or null
 * @param namePrefix filename prefix, case-insensitive, or null
 */
public record AssetFilter(Kind kind, String state, Sort sort, Instant from, Instant to, String namePrefix) {

    /** The kinds of asset, from their content type. */
    public enum Kind {
        IMAGE, VIDEO
    }

    /** The sort keys: upload time, or capture time (falling back to upload time). */
    public enum Sort {
        CREATED, CAPTURED
    }

    /** No filter: every asset, newest upload first. */
    public static AssetFilter all() {
        return new AssetFilter(null, null, null, null, null, null);
    }

    public AssetFilter withKind(Kind kind) {
        return new AssetFilter(kind, state, sort, from, to, namePrefix);
    }

    public AssetFilter withState(String state) {
        return new AssetFilter(kind, state, sort, from, to, namePrefix);
    }

    public AssetFilter withSort(Sort sort) {
        return new AssetFilter(kind, state, sort, from, to, namePrefix);
    }

    public AssetFilter withFrom(Instant from) {
        return new AssetFilter(kind, state, sort, from, to, namePrefix);
    }

    public AssetFilter withTo(Instant to) {
        return new AssetFilter(kind, state, sort, from, to, namePrefix);
    }

    public AssetFilter withNamePrefix(String namePrefix) {
        return new AssetFilter(kind, state, sort, from, to, namePrefix);
    }

    /** The query parameters, as {@code GET /v1/assets} names them, each {@code &}-prefixed; empty without filters. */
    String query() {
        List<String> params = new ArrayList<>();
        add(params, "kind", kind == null ? null : kind.name().toLowerCase(Locale.ROOT));
        add(params, "state", state);
        add(params, "sort", sort == null ? null : sort.name().toLowerCase(Locale.ROOT));
        add(params, "from", from == null ? null : from.toString());
        add(params, "to", to == null ? null : to.toString());
        add(params, "q", namePrefix == null || namePrefix.isEmpty() ? null : namePrefix);
        return params.isEmpty() ? "" : "&" + String.join("&", params);
    }

    private static void add(List<String> params, String name, String value) {
        if (value != null) {
            params.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
