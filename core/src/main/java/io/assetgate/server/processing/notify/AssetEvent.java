package io.assetgate.server.processing.notify;

import java.time.Instant;

import io.assetgate.server.security.Owner;

/**
 * One entry of the asset event log.
 *
 * @param seq the log position, increasing in commit order; 0 until {@link EventSequencer} gives one
 * @param eventId the unique id sent as {@code webhook-id} and as the SSE event id
 * @param type {@code asset.ready}, {@code asset.quarantined}, {@code asset.failed} or {@code asset.deleted}
 */
public record AssetEvent(long seq, String eventId, String type, String assetId, Owner owner, String reason,
        Instant occurredAt) {

    public static final String READY = "asset.ready";
    public static final String QUARANTINED = "asset.quarantined";
    public static final String FAILED = "asset.failed";
    public static final String DELETED = "asset.deleted";

    /** The JSON body sent to webhooks and SSE clients. */
    public java.util.Map<String, Object> body() {
        java.util.Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("assetId", assetId);
        if (reason != null) {
            data.put("reason", reason);
        }
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("type", type);
        body.put("timestamp", occurredAt.toString());
        body.put("data", data);
        return body;
    }
}
