package io.assetgate.serverless;

/**
 * The read-only calls, for a function whose role may only read objects: list and get assets,
 * download links, the audit trail. Deletes go to {@link DeleteHandler}.
 */
public class ReadHandler extends ApiHandler {

    public ReadHandler() {
        super(request -> request.method().equals("GET")
                && (request.path().equals("/v1/assets") || request.path().startsWith("/v1/assets/")
                        || request.path().equals("/v1/audit")));
    }
}
