package io.assetgate.serverless;

/**
 * The design note's {@code getUploadURL}: {@code PUT /v1/uploads/{id}/content}, the bytes of a
 * small file through API Gateway, verified and completed in one call. Larger bodies are refused
 * with {@code UPLOAD_TOO_LARGE} and a pointer to the signed target (docs/serverless.md, "Handlers").
 */
public class ProxiedUploadHandler extends ApiHandler {

    public ProxiedUploadHandler() {
        super(request -> request.method().equals("PUT") && request.path().startsWith("/v1/uploads/")
                && request.path().endsWith("/content"));
    }
}
