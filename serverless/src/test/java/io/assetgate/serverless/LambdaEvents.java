package io.assetgate.serverless;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;

/**
 * The events Lambda hands the functions, built with aws-lambda-java-events' own classes and
 * filled as API Gateway (HTTP API, payload format 2.0, JWT authorizer) and S3 fill them.
 */
public final class LambdaEvents {

    private LambdaEvents() {
    }

    /**
     * A call through API Gateway. {@code claims} are what the JWT authorizer verified, or null
     * for a route without it.
     */
    public static APIGatewayV2HTTPEvent api(String method, String pathAndQuery, Map<String, String> headers,
            byte[] body, Map<String, String> claims) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String rawQuery = q < 0 ? "" : pathAndQuery.substring(q + 1);
        Map<String, String> query = new HashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        Map<String, String> lowerCase = new HashMap<>();
        headers.forEach((k, v) -> lowerCase.put(k.toLowerCase(java.util.Locale.ROOT), v));
        lowerCase.putIfAbsent("user-agent", "lambda-events-test");
        APIGatewayV2HTTPEvent.RequestContext.RequestContextBuilder context = APIGatewayV2HTTPEvent.RequestContext
                .builder().withRequestId(UUID.randomUUID().toString()).withRouteKey("$default").withStage("$default")
                .withTimeEpoch(Instant.now().toEpochMilli())
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path)
                        .withProtocol("HTTP/1.1").withSourceIp("203.0.113.7").withUserAgent(lowerCase.get("user-agent"))
                        .build());
        if (claims != null) {
            String scope = claims.get("scope");
            context.withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder().withClaims(claims)
                            .withScopes(scope == null ? List.of() : List.of(scope.split(" "))).build())
                    .build());
        }
        APIGatewayV2HTTPEvent.APIGatewayV2HTTPEventBuilder event = APIGatewayV2HTTPEvent.builder().withVersion("2.0")
                .withRouteKey("$default").withRawPath(path).withRawQueryString(rawQuery).withHeaders(lowerCase)
                .withQueryStringParameters(query.isEmpty() ? null : query).withRequestContext(context.build());
        if (body != null) {
            // API Gateway base64-encodes bodies that are not text.
            boolean text = lowerCase.getOrDefault("content-type", "").startsWith("application/json");
            event.withBody(text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body))
                    .withIsBase64Encoded(!text);
        }
        return event.build();
    }

    /** The claims API Gateway passes for a token of {@code issuer}, {@code subject} and {@code scopes}. */
    public static Map<String, String> claims(String issuer, String subject, String scopes) {
        long now = Instant.now().getEpochSecond();
        return Map.of("iss", issuer, "sub", subject, "scope", scopes, "aud", "assetgate",
                "iat", Long.toString(now), "exp", Long.toString(now + 3600), "client_id", "lambda-events-test");
    }

    /** S3's {@code ObjectCreated:Put} for an object; the key is URL-encoded, as S3 sends it. */
    public static S3Event objectCreated(String bucket, String key, long size, String etag) {
        S3EventNotification.S3ObjectEntity object = new S3EventNotification.S3ObjectEntity(
                URLEncoder.encode(key, StandardCharsets.UTF_8), size, etag, null, "0055AED6DCD90281E5");
        S3EventNotification.S3BucketEntity bucketEntity = new S3EventNotification.S3BucketEntity(bucket,
                new S3EventNotification.UserIdentityEntity("A3NL1KOZZKExample"), "arn:aws:s3:::" + bucket);
        S3EventNotification.S3Entity s3 = new S3EventNotification.S3Entity("assetgate-uploads", bucketEntity, object,
                "1.0");
        S3EventNotification.S3EventNotificationRecord record = new S3EventNotification.S3EventNotificationRecord(
                "us-east-1", "ObjectCreated:Put", "aws:s3", Instant.now().toString(), "2.1",
                new S3EventNotification.RequestParametersEntity("203.0.113.7"),
                new S3EventNotification.ResponseElementsEntity("x-amz-id-2", "x-amz-request-id"), s3,
                new S3EventNotification.UserIdentityEntity("AWS:AIDAEXAMPLE"));
        return new S3Event(List.of(record));
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
