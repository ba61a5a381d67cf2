package io.assetgate.serverless.contract;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.context.ConfigurableApplicationContext;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import io.assetgate.server.support.TestIdp;
import io.assetgate.serverless.ApiHandler;
import io.assetgate.serverless.Core;
import io.assetgate.serverless.LambdaEvents;
import io.assetgate.serverless.MigrateHandler;
import io.assetgate.serverless.ObjectCreatedHandler;

/**
 * The Lambda handlers, called in-process with the events API Gateway and S3 would send, on the
 * same kind of stack (S3Proxy, PostgreSQL). The claims are those API Gateway's JWT authorizer
 * passes for a token of the test identity provider.
 */
public final class HandlersDeployment implements Deployment {

    private final TestStack stack;
    private final ApiHandler api;
    private final ObjectCreatedHandler objects;

    private HandlersDeployment(TestStack stack) {
        this.stack = stack;
        this.api = new ApiHandler();
        this.objects = new ObjectCreatedHandler();
    }

    /** Starts the functions' context on {@code stack} with {@code extra} settings, and migrates its database. */
    public static HandlersDeployment start(TestStack stack, Map<String, Object> extra) {
        Map<String, Object> settings = new HashMap<>(stack.settings());
        settings.putAll(extra);
        ConfigurableApplicationContext context = Core.startWith(settings);
        MigrateHandler.migrate(context.getBean(DataSource.class));
        return new HandlersDeployment(stack);
    }

    @Override
    public String name() {
        return "handlers";
    }

    public TestStack stack() {
        return stack;
    }

    @Override
    public Reply call(String method, String pathAndQuery, Caller caller, Map<String, String> headers, byte[] body) {
        Map<String, String> claims = caller == null ? null
                : LambdaEvents.claims(TestIdp.issuerUrl(), caller.subject(), caller.scopes());
        APIGatewayV2HTTPResponse response = api.handleRequest(
                LambdaEvents.api(method, pathAndQuery, headers, body, claims), null);
        Map<String, String> lowerCase = new HashMap<>();
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((k, v) -> lowerCase.put(k.toLowerCase(Locale.ROOT), v));
        }
        byte[] bytes = response.getBody() == null ? new byte[0] : response.getBody().getBytes(StandardCharsets.UTF_8);
        return new Reply(response.getStatusCode(), lowerCase, bytes);
    }

    @Override
    public void objectStored(String signedUrl, long size, String etag) {
        objects.handleRequest(LambdaEvents.objectCreated(stack.bucket(), stack.keyOf(signedUrl), size, etag), null);
    }

    /** S3's event for {@code key} (as stored in the bucket), to the object function; answers what it did. */
    public String objectCreated(String key, long size) {
        return objects.handleRequest(LambdaEvents.objectCreated(stack.bucket(), key, size, "\"etag\""), null);
    }

    /** The key of the object a signed URL writes. */
    public String keyOf(String signedUrl) {
        return stack.keyOf(signedUrl);
    }
}
