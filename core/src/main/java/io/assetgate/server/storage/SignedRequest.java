package io.assetgate.server.storage;

import java.time.Instant;
import java.util.Map;

/** A request the client may send once, as is, until {@code expiresAt}. */
public record SignedRequest(String method, String url, Map<String, String> headers, Instant expiresAt) {

    public SignedRequest {
        headers = Map.copyOf(headers);
    }
}
