package io.assetgate.server.audit;

/**
 * Where the request being served on the current thread came from, for the audit trail. Each
 * deployment supplies its own: the server reads the servlet request, the serverless handlers
 * the API Gateway event. Both answer null outside a request (audit events also come from
 * background work).
 */
public interface RequestOrigin {

    /** No request: background work, or a deployment that knows no origin. */
    RequestOrigin NONE = new RequestOrigin() {
        @Override
        public String remoteAddress() {
            return null;
        }

        @Override
        public String userAgent() {
            return null;
        }
    };

    /** The client's IP address as the deployment sees it, or null. */
    String remoteAddress();

    /** The client's {@code User-Agent} header, or null. */
    String userAgent();
}
