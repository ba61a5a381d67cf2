package io.assetgate.serverless.api;

import io.assetgate.server.security.Caller;

/** What one route does: the request and its authenticated caller in, the answer out. */
@FunctionalInterface
public interface Route {

    /** Failures are thrown, as {@code ApiException} with their code or as anything else (500). */
    ApiReply handle(ApiRequest request, Caller caller) throws Exception;
}
