package io.assetgate.serverless;

/**
 * The calls that remove objects ({@code DELETE /v1/uploads/{id}}, {@code DELETE /v1/assets/{id}}),
 * for the one API function whose role may delete objects and abort multipart uploads.
 */
public class DeleteHandler extends ApiHandler {

    public DeleteHandler() {
        super(request -> request.method().equals("DELETE")
                && (request.path().startsWith("/v1/uploads/") || request.path().startsWith("/v1/assets/")));
    }
}
