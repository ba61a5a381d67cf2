package io.assetgate.serverless.contract;

import java.util.HashMap;
import java.util.Map;

import io.assetgate.server.support.S3ProxyServer;
import io.assetgate.server.support.TestDatabases;

/**
 * The backing services of one deployment under test: a new PostgreSQL database and a new
 * S3Proxy bucket, and the settings both deployments take for them (the same names).
 */
public record TestStack(String bucket, Map<String, Object> settings) {

    /** The largest declared size the contract cases use as the policy's limit. */
    public static final String MAX_SIZE = "10MB";

    public static TestStack create() {
        String bucket = S3ProxyServer.get().newBucket();
        Map<String, Object> settings = new HashMap<>(S3ProxyServer.get().settings(bucket));
        settings.put("spring.datasource.url", TestDatabases.newPostgres());
        settings.put("spring.datasource.username", TestDatabases.pgUser());
        settings.put("spring.datasource.password", "");
        settings.put("assetgate.upload.max-size", MAX_SIZE);
        return new TestStack(bucket, settings);
    }

    /** The key of the object a signed (path-style) URL points at. */
    public String keyOf(String signedUrl) {
        String path = java.net.URI.create(signedUrl).getPath();
        return path.substring(("/" + bucket + "/").length());
    }
}
