package io.assetgate.server.limits;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Per-owner rate limits and quotas. {@code 0} means no limit.
 *
 * @param uploadsPerMinute creates plus part-signing calls per owner and minute
 * @param quotaBytes stored plus reserved bytes per owner
 * @param quotaAssets assets per owner, pending ones included
 * @param overrides the first override matching the caller's token replaces the values it sets
 * @param maxJsonBody the largest JSON request body accepted on {@code /v1}; uploaded content
 *        goes to storage and is bounded by the declared size instead
 */
@ConfigurationProperties("assetgate.limits")
record LimitsProperties(@DefaultValue("600") long uploadsPerMinute, @DefaultValue("0") DataSize quotaBytes,
        @DefaultValue("0") long quotaAssets, @DefaultValue List<Override> overrides,
        @DefaultValue("64KB") DataSize maxJsonBody) {

    /**
     * Limits for callers whose token holds {@code scope}, or whose {@code claim} equals
     * {@code value}. Unset limits keep the defaults.
     */
    public record Override(String scope, String claim, String value, Long uploadsPerMinute, DataSize quotaBytes,
            Long quotaAssets) {
    }
}
