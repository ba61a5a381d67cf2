package io.assetgate.serverless.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The route table: a method and a path pattern ({@code /v1/uploads/{id}/parts}) to a {@link Route}. */
public final class Routes {

    private record Entry(String method, String[] segments, Route route) {
    }

    /** A route found for a request, with its path variables. */
    public record Match(Route route, Map<String, String> pathVariables) {
    }

    private final List<Entry> entries = new ArrayList<>();

    public Routes add(String method, String pattern, Route route) {
        entries.add(new Entry(method, split(pattern), route));
        return this;
    }

    /** The route of this method and path; empty when none (the server's 404 and 405 alike). */
    public Optional<Match> match(String method, String path) {
        String[] segments = split(path);
        for (Entry e : entries) {
            if (!e.method().equals(method) || e.segments().length != segments.length) {
                continue;
            }
            Map<String, String> variables = new HashMap<>();
            boolean matches = true;
            for (int i = 0; i < segments.length && matches; i++) {
                String want = e.segments()[i];
                if (want.startsWith("{") && want.endsWith("}")) {
                    matches = !segments[i].isEmpty();
                    variables.put(want.substring(1, want.length() - 1), segments[i]);
                } else {
                    matches = want.equals(segments[i]);
                }
            }
            if (matches) {
                return Optional.of(new Match(e.route(), variables));
            }
        }
        return Optional.empty();
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.split("/", -1);
    }
}
