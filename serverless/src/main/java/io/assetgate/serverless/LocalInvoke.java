package io.assetgate.serverless;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

/**
 * Runs a function's first call in this JVM as Lambda would, and prints how long it took, for
 * bench/lambda-init.sh: the handler class is initialized (the context started), optionally the
 * SnapStart priming runs, and one {@code POST /v1/uploads} is answered. Settings come from the
 * environment, as in Lambda.
 *
 * <pre>java -cp assetgate-serverless-lambda.jar io.assetgate.serverless.LocalInvoke [--prime | --migrate]</pre>
 */
public final class LocalInvoke {

    private LocalInvoke() {
    }

    public static void main(String[] args) {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        boolean prime = args.length > 0 && args[0].equals("--prime");
        if (args.length > 0 && args[0].equals("--migrate")) {
            System.out.println(new MigrateHandler().handleRequest(Map.of(), null));
            System.exit(0);
        }
        long t0 = System.currentTimeMillis();
        ApiHandler handler = new ApiHandler();
        long initialized = System.currentTimeMillis();
        if (prime) {
            Priming.prime(Core.context());
        }
        long primed = System.currentTimeMillis();
        APIGatewayV2HTTPResponse response = handler.handleRequest(createUpload(), null);
        long answered = System.currentTimeMillis();
        // CPU time of the whole process (all threads: JIT, GC): on a shared machine, wall time
        // mostly measures the other processes; Lambda gives a function its own CPU share.
        long cpuMs = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis()).orElse(-1L);
        System.out.printf("{\"primed\": %s, \"status\": %d, \"jvmStartToHandlerMs\": %d, \"initMs\": %d, "
                + "\"primingMs\": %d, \"firstCallMs\": %d, \"jvmStartToFirstAnswerMs\": %d, \"cpuMs\": %d}%n",
                prime, response.getStatusCode(), t0 - jvmStart, initialized - t0, primed - initialized,
                answered - primed, answered - jvmStart, cpuMs);
        System.exit(response.getStatusCode() == 201 ? 0 : 1);
    }

    /** The call a client makes first: declaring an upload, answered with a signed PUT. */
    private static APIGatewayV2HTTPEvent createUpload() {
        String body = "{\"filename\": \"IMG_0001.jpg\", \"contentType\": \"image/jpeg\", \"size\": 2481234}";
        Map<String, String> claims = Map.of("iss", "https://idp.example.com", "sub", "bench-" + UUID.randomUUID(),
                "scope", "assets:read assets:write");
        return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRawPath("/v1/uploads")
                .withHeaders(Map.of("content-type", "application/json"))
                .withBody(new String(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId(UUID.randomUUID().toString())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST")
                                .withPath("/v1/uploads").withSourceIp("203.0.113.7").build())
                        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                                        .withClaims(claims).build())
                                .build())
                        .build())
                .build();
    }
}
