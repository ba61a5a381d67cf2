package io.assetgate.server.asset;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import io.assetgate.server.web.ApiException;
import io.assetgate.server.web.ErrorCode;

/**
 * What {@code GET /v1/assets} lists: the filters and the sort, parsed from the query. Each
 * filter is backed by an index (see V42), so a page costs the same wherever it is.
 *
 * @param kind {@code image} or {@code video}, or null for every kind
 * @param state one listed state, or null for every state but PENDING (pending uploads are never listed)
 * @param sort the sort key, newest first
 * @param from inclusive lower bound on the sort key, or null
 * @param to exclusive upper bound on the sort key, or null
 * @param namePrefix the lower-cased filename prefix, or null
 */
public record AssetFilter(String kind, AssetState state, Sort sort, Instant from, Instant to, String namePrefix) {

    /** The sort keys: upload time, or capture time falling back to upload time. */
    public enum Sort {
        CREATED("created_at"), CAPTURED("captured_or_created_at");

        private final String column;

        Sort(String column) {
            this.column = column;
        }

        String column() {
            return column;
        }
    }

    public static final AssetFilter NONE = new AssetFilter(null, null, Sort.CREATED, null, null, null);

    /** The longest filename prefix accepted: the column's length. */
    static final int MAX_PREFIX = 1024;

    /** Parses the query parameters; every bad one is named in the {@code VALIDATION_FAILED} answer. */
    public static AssetFilter parse(String kind, String state, String sort, String from, String to, String q) {
        List<ApiException.FieldError> errors = new ArrayList<>();
        String k = blankToNull(kind);
        if (k != null && !k.equals("image") && !k.equals("video")) {
            errors.add(new ApiException.FieldError("kind", "must be image or video"));
        }
        AssetState s = null;
        if (blankToNull(state) != null) {
            try {
                s = AssetState.valueOf(state.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new ApiException.FieldError("state", "must be AVAILABLE, READY, QUARANTINED or FAILED"));
            }
            if (s == AssetState.PENDING) {
                errors.add(new ApiException.FieldError("state", "PENDING assets are not listed"));
                s = null;
            }
        }
        Sort by = Sort.CREATED;
        if (blankToNull(sort) != null) {
            switch (sort.strip()) {
                case "created" -> by = Sort.CREATED;
                case "captured" -> by = Sort.CAPTURED;
                default -> errors.add(new ApiException.FieldError("sort", "must be created or captured"));
            }
        }
        Instant start = instant("from", from, errors);
        Instant end = instant("to", to, errors);
        if (start != null && end != null && !start.isBefore(end)) {
            errors.add(new ApiException.FieldError("to", "must be after from"));
        }
        String prefix = q == null || q.isEmpty() ? null : q.toLowerCase(Locale.ROOT);
        if (prefix != null && prefix.length() > MAX_PREFIX) {
            errors.add(new ApiException.FieldError("q", "must be at most " + MAX_PREFIX + " characters"));
        }
        if (!errors.isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "Invalid list filter: "
                    + String.join(", ", errors.stream().map(e -> e.field() + " " + e.message()).toList()),
                    null, errors);
        }
        return new AssetFilter(k, s, by, start, end, prefix);
    }

    /**
     * A short digest of the filter and sort, carried in cursors: a cursor is a position in one
     * ordered list, and means nothing in another.
     */
    String fingerprint() {
        String canonical = kind + "|" + state + "|" + sort + "|" + from + "|" + to + "|" + namePrefix;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 9));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value of this filter's sort key for an asset, as the list's cursor needs it. */
    Instant sortKey(Asset asset) {
        if (sort == Sort.CAPTURED && asset.metadata() != null && asset.metadata().capturedAt() != null) {
            return asset.metadata().capturedAt();
        }
        return asset.createdAt();
    }

    private static Instant instant(String field, String value, List<ApiException.FieldError> errors) {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            errors.add(new ApiException.FieldError(field, "must be an ISO-8601 instant such as 2026-01-01T00:00:00Z"));
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
