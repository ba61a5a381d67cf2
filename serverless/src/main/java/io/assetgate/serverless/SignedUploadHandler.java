package io.assetgate.serverless;

/**
 * The design note's {@code getSignedURL}: the upload calls that sign and verify (create, parts,
 * get, complete, abort), never the bytes themselves.
 */
public class SignedUploadHandler extends ApiHandler {

    public SignedUploadHandler() {
        super(request -> (request.path().equals("/v1/uploads") || request.path().startsWith("/v1/uploads/"))
                && !request.path().endsWith("/content"));
    }
}
