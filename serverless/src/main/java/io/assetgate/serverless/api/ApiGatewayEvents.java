package io.assetgate.serverless.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

/** Translates API Gateway's HTTP API (payload format 2.0) events to {@link ApiRequest}s and {@link ApiReply}s back. */
public final class ApiGatewayEvents {

    private ApiGatewayEvents() {
    }

    public static ApiRequest request(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        String method = context != null && context.getHttp() != null ? context.getHttp().getMethod() : "GET";
        String path = context != null && context.getHttp() != null && context.getHttp().getPath() != null
                ? context.getHttp().getPath() : event.getRawPath();
        Map<String, String> headers = new HashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        }
        byte[] body = null;
        if (event.getBody() != null) {
            body = event.getIsBase64Encoded() ? Base64.getDecoder().decode(event.getBody())
                    : event.getBody().getBytes(StandardCharsets.UTF_8);
        }
        Map<String, String> query = event.getQueryStringParameters() == null ? Map.of()
                : Map.copyOf(event.getQueryStringParameters());
        return new ApiRequest(method.toUpperCase(Locale.ROOT), path, query, headers, body, Map.of());
    }

    /** The authorizer's claims, or null when the route has no JWT authorizer. */
    public static Map<String, String> claims(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        if (context == null || context.getAuthorizer() == null || context.getAuthorizer().getJwt() == null) {
            return null;
        }
        return context.getAuthorizer().getJwt().getClaims();
    }

    public static String requestId(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        return context != null && context.getRequestId() != null ? context.getRequestId() : UUID.randomUUID().toString();
    }

    public static String sourceIp(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        return context != null && context.getHttp() != null ? context.getHttp().getSourceIp() : null;
    }

    public static String userAgent(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        return context != null && context.getHttp() != null ? context.getHttp().getUserAgent() : null;
    }

    public static APIGatewayV2HTTPResponse response(ApiReply reply) {
        Map<String, String> headers = new HashMap<>(reply.headers());
        String body = null;
        if (reply.body() != null) {
            headers.putIfAbsent("Content-Type", "application/json");
            body = new String(ApiJson.write(reply.body()), StandardCharsets.UTF_8);
        }
        return APIGatewayV2HTTPResponse.builder().withStatusCode(reply.status()).withHeaders(headers)
                .withBody(body).withIsBase64Encoded(false).build();
    }
}
