package io.assetgate.serverless;

import org.springframework.stereotype.Component;

import io.assetgate.server.audit.RequestOrigin;

/** The audit trail's {@link RequestOrigin} in Lambda: the API Gateway event's source IP and User-Agent. */
@Component
public class LambdaRequestOrigin implements RequestOrigin {

    private record Origin(String address, String userAgent) {
    }

    private static final ThreadLocal<Origin> CURRENT = new ThreadLocal<>();

    void set(String address, String userAgent) {
        CURRENT.set(new Origin(address, userAgent));
    }

    void clear() {
        CURRENT.remove();
    }

    @Override
    public String remoteAddress() {
        Origin origin = CURRENT.get();
        return origin == null ? null : origin.address();
    }

    @Override
    public String userAgent() {
        Origin origin = CURRENT.get();
        return origin == null ? null : origin.userAgent();
    }
}
