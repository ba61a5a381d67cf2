package io.assetgate.server.asset;

import java.util.List;

import org.springframework.stereotype.Component;

import io.assetgate.server.storage.SignedRequest;
import io.assetgate.server.web.ApiException;
import io.assetgate.serverless.api.ApiReply;
import io.assetgate.serverless.api.ApiRequest;
import io.assetgate.serverless.api.Problem;
import io.assetgate.serverless.api.RouteSet;
import io.assetgate.serverless.api.Routes;

/** The asset endpoints in Lambda: what {@code AssetController} is to the server, on the same {@link AssetService}. */
@Component
public class AssetRoutes implements RouteSet {

    private final AssetService assets;

    AssetRoutes(AssetService assets) {
        this.assets = assets;
    }

    @Override
    public void register(Routes routes) {
        routes.add("GET", "/v1/assets", (request, caller) -> {
            AssetFilter filter = AssetFilter.parse(request.query("kind"), request.query("state"),
                    request.query("sort"), request.query("from"), request.query("to"), request.query("q"));
            return ApiReply.json(200, assets.list(caller, limit(request), request.query("cursor"), filter));
        });
        routes.add("GET", "/v1/assets/{id}", (request, caller) -> ApiReply.json(200,
                assets.view(caller, request.pathVariable("id"))));
        routes.add("GET", "/v1/assets/{id}/content", (request, caller) -> {
            SignedRequest link = assets.download(caller, request.pathVariable("id"), request.query("variant"));
            return ApiReply.seeOther(link.url());
        });
        routes.add("DELETE", "/v1/assets/{id}", (request, caller) -> {
            assets.delete(caller, request.pathVariable("id"));
            return ApiReply.noContent();
        });
    }

    /** {@code limit}, 50 when absent; not a number is the server's type mismatch. */
    private static int limit(ApiRequest request) {
        String limit = request.query("limit");
        if (limit == null) {
            return 50;
        }
        try {
            return Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            throw Problem.validation("A parameter has the wrong type",
                    List.of(new ApiException.FieldError("limit", "has the wrong type")));
        }
    }
}
