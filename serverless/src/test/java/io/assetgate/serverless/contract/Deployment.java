package io.assetgate.serverless.contract;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import io.assetgate.server.support.Http;
import tools.jackson.databind.JsonNode;

/** One way Assetgate is deployed, as the contract cases see it: calls in, answers out. */
public interface Deployment {

    /** Who calls: a subject with space-separated scopes; null for a call without a token. */
    record Caller(String subject, String scopes) {
    }

    /** An answer; header names in lower case. */
    record Reply(int status, Map<String, String> headers, byte[] body) {

        public JsonNode json() {
            return Http.JSON.readTree(body);
        }

        public String code() {
            return body.length == 0 ? null : json().path("code").asText(null);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        @Override
        public String toString() {
            return status + " " + new String(body, StandardCharsets.UTF_8);
        }
    }

    String name();

    /** An API call; {@code body} is sent as JSON when it is a String, as bytes otherwise. */
    Reply call(String method, String pathAndQuery, Caller caller, Map<String, String> headers, byte[] body);

    /**
     * The object of a signed PUT has arrived in the bucket: the handlers get S3's event for it;
     * the server learns of it at complete only.
     */
    void objectStored(String signedUrl, long size, String etag);
}
