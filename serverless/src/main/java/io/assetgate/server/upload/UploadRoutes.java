package io.assetgate.server.upload;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

import io.assetgate.server.web.ApiException;
import io.assetgate.server.web.ErrorCode;
import io.assetgate.serverless.api.ApiJson;
import io.assetgate.serverless.api.ApiReply;
import io.assetgate.serverless.api.ApiRequest;
import io.assetgate.serverless.api.RouteSet;
import io.assetgate.serverless.api.Routes;

/**
 * The upload endpoints in Lambda: what {@code UploadController} is to the server, on the same
 * {@link UploadService}. The proxied path ({@code PUT /v1/uploads/{id}/content}, the design
 * note's {@code getUploadURL}) takes only bodies that fit through API Gateway and a Lambda
 * invocation; larger files are refused with {@code UPLOAD_TOO_LARGE} and go to the signed URL.
 */
@Component
public class UploadRoutes implements RouteSet {

    private static final int MAX_IDEMPOTENCY_KEY = 255;

    private final UploadService uploads;
    private final long proxiedMaxSize;

    UploadRoutes(UploadService uploads,
            @Value("${assetgate.serverless.proxied-max-size:4MB}") DataSize proxiedMaxSize) {
        this.uploads = uploads;
        this.proxiedMaxSize = proxiedMaxSize.toBytes();
    }

    @Override
    public void register(Routes routes) {
        routes.add("POST", "/v1/uploads", (request, caller) -> {
            String idempotencyKey = request.header("Idempotency-Key");
            if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY)) {
                throw ApiException.validation("Idempotency-Key", "must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters");
            }
            UploadView view = uploads.create(caller, ApiJson.read(request, CreateUploadRequest.class, false),
                    idempotencyKey);
            return ApiReply.json(view.mode() == UploadMode.EXISTING ? 200 : 201, view);
        });
        routes.add("GET", "/v1/uploads/{id}", (request, caller) -> ApiReply.json(200,
                uploads.get(caller, request.pathVariable("id"))));
        routes.add("POST", "/v1/uploads/{id}/parts", (request, caller) -> {
            SignPartsRequest body = ApiJson.read(request, SignPartsRequest.class, false);
            return ApiReply.json(200, Map.of("parts",
                    uploads.signParts(caller, request.pathVariable("id"), body.partNumbers())));
        });
        routes.add("POST", "/v1/uploads/{id}/complete", (request, caller) -> {
            CompleteUploadRequest body = ApiJson.read(request, CompleteUploadRequest.class, true);
            return ApiReply.json(200, uploads.complete(caller, request.pathVariable("id"),
                    body == null ? null : body.parts(), body == null ? null : body.checksum()));
        });
        routes.add("PUT", "/v1/uploads/{id}/content", (request, caller) -> {
            byte[] body = request.body() == null ? new byte[0] : request.body();
            if (body.length > proxiedMaxSize) {
                throw tooLargeToProxy();
            }
            return ApiReply.json(200, uploads.putContent(caller, request.pathVariable("id"),
                    new ByteArrayInputStream(body), body.length));
        });
        routes.add("DELETE", "/v1/uploads/{id}", (request, caller) -> {
            uploads.abort(caller, request.pathVariable("id"));
            return ApiReply.noContent();
        });
    }

    private ApiException tooLargeToProxy() {
        return new ApiException(ErrorCode.UPLOAD_TOO_LARGE, "The proxied path takes at most " + proxiedMaxSize
                + " bytes through API Gateway and Lambda; PUT larger files to the upload's signed target "
                + "(GET /v1/uploads/{id} gives a fresh one)", null,
                List.of(new ApiException.FieldError("body", "larger than " + proxiedMaxSize + " bytes")));
    }
}
