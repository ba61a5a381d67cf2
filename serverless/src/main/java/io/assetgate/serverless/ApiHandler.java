package io.assetgate.serverless;

import java.util.function.Predicate;

import org.springframework.context.ApplicationContext;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import io.assetgate.server.audit.AuditFlush;
import io.assetgate.server.web.ApiException;
import io.assetgate.server.web.ErrorCode;
import io.assetgate.serverless.api.ApiDispatcher;
import io.assetgate.serverless.api.ApiGatewayEvents;
import io.assetgate.serverless.api.ApiReply;
import io.assetgate.serverless.api.ApiRequest;
import io.assetgate.serverless.api.Problem;

/**
 * Every API route in one function ({@code io.assetgate.serverless.ApiHandler::handleRequest}),
 * behind API Gateway's HTTP API with its JWT authorizer (payload format 2.0). The subclasses
 * serve a part of the routes each, for a function per role as the design note draws them.
 */
public class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    static {
        // Lambda's init phase: the context starts here, so SnapStart's snapshot holds it.
        Priming.registerIfSnapStart(Core.context());
    }

    private final ApiDispatcher dispatcher;
    private final LambdaRequestOrigin origin;
    private final AuditFlush audit;
    private final Predicate<ApiRequest> serves;

    public ApiHandler() {
        this(Core.context(), request -> true);
    }

    protected ApiHandler(Predicate<ApiRequest> serves) {
        this(Core.context(), serves);
    }

    ApiHandler(ApplicationContext context, Predicate<ApiRequest> serves) {
        this.dispatcher = context.getBean(ApiDispatcher.class);
        this.origin = context.getBean(LambdaRequestOrigin.class);
        this.audit = context.getBean(AuditFlush.class);
        this.serves = serves;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        ApiRequest request = ApiGatewayEvents.request(event);
        String requestId = ApiGatewayEvents.requestId(event);
        if (!serves.test(request)) {
            return ApiGatewayEvents.response(Problem.reply(new ApiException(ErrorCode.NOT_FOUND, "No such resource"),
                    request.path(), requestId).withHeader("X-Request-Id", requestId));
        }
        origin.set(ApiGatewayEvents.sourceIp(event), ApiGatewayEvents.userAgent(event));
        try {
            ApiReply reply = dispatcher.dispatch(request, ApiGatewayEvents.claims(event), requestId);
            return ApiGatewayEvents.response(reply);
        } finally {
            origin.clear();
            audit.flush();
        }
    }
}
