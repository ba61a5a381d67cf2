package io.assetgate.serverless.api;

import java.util.Locale;
import java.util.Map;

/**
 * One API call as the handlers see it, whatever brought it (an API Gateway v2 event in Lambda).
 *
 * @param headers header names in lower case, as API Gateway v2 gives them
 * @param pathVariables the {@code {name}} segments of the matched route
 * @param body the raw body, or null when none was sent
 */
public record ApiRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
        byte[] body, Map<String, String> pathVariables) {

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String query(String name) {
        return query.get(name);
    }

    public String pathVariable(String name) {
        return pathVariables.get(name);
    }

    public boolean hasBody() {
        return body != null && body.length > 0;
    }

    ApiRequest withPathVariables(Map<String, String> variables) {
        return new ApiRequest(method, path, query, headers, body, variables);
    }
}
