package io.assetgate.serverless;

/** The asset calls: list, get, download link, delete. */
public class AssetsHandler extends ApiHandler {

    public AssetsHandler() {
        super(request -> request.path().equals("/v1/assets") || request.path().startsWith("/v1/assets/"));
    }
}
