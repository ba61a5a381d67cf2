package io.assetgate.server.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.assetgate.server.web.ApiException;

/**
 * {@code GET /v1/audit} (scope {@code assets:admin}, enforced by the security rules): the
 * trail, newest first, with keyset pagination. {@code actor} is {@code issuer#subject}, or a
 * subject alone.
 */
@RestController
class AuditController {

    private static final int MAX_PAGE = 500;

    private final AuditRepository repository;
    private final AuditWriter writer;

    AuditController(AuditRepository repository, AuditWriter writer) {
        this.repository = repository;
        this.writer = writer;
    }

    record Page(List<AuditEvent> items, String nextCursor) {
    }

    @GetMapping("/v1/audit")
    Page list(@RequestParam(required = false) String assetId, @RequestParam(required = false) String actor,
            @RequestParam(required = false) String since, @RequestParam(defaultValue = "100") int limit,
            @RequestParam(required = false) String cursor) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiException.validation("limit", "must be between 1 and " + MAX_PAGE);
        }
        String issuer = null;
        String subject = null;
        if (actor != null && !actor.isBlank()) {
            int hash = actor.lastIndexOf('#');
            issuer = hash < 0 ? null : actor.substring(0, hash);
            subject = hash < 0 ? actor : actor.substring(hash + 1);
        }
        var query = new AuditRepository.AuditQuery(blankToNull(assetId), issuer, subject, instant(since),
                decode(cursor));
        // Rows are written in the background; wait briefly so a reader sees what just happened.
        writer.flush(java.time.Duration.ofSeconds(2));
        List<AuditEvent> rows = repository.page(query, limit + 1);
        boolean more = rows.size() > limit;
        List<AuditEvent> items = more ? rows.subList(0, limit) : rows;
        return new Page(items, more ? encode(items.getLast()) : null);
    }

    private static Instant instant(String since) {
        if (since == null || since.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(since);
        } catch (DateTimeParseException e) {
            throw ApiException.validation("since", "must be an ISO-8601 instant");
        }
    }

    /** A cursor is the last row's time and id: the list is ordered by both. */
    private static String encode(AuditEvent last) {
        String raw = last.at().getEpochSecond() + "." + last.at().getNano() + "." + last.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static AuditRepository.Position decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\.");
            return new AuditRepository.Position(
                    Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])), Long.parseLong(parts[2]));
        } catch (RuntimeException e) {
            throw ApiException.validation("cursor", "is not a cursor from this endpoint");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
