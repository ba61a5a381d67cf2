package io.assetgate.serverless.database;

import java.net.URI;
import java.util.function.Supplier;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsUtilities;

/**
 * RDS IAM authentication tokens for one endpoint and user, signed with the function's role
 * (SigV4, computed locally: no call to AWS). A token is valid for 15 minutes and only opens a
 * connection, so a fresh one is made for every new connection rather than cached.
 */
public final class RdsIamTokens implements Supplier<String> {

    private final RdsUtilities rds;
    private final String host;
    private final int port;
    private final String user;

    public RdsIamTokens(String host, int port, String user, Region region, AwsCredentialsProvider credentials) {
        this.rds = RdsUtilities.builder().region(region).credentialsProvider(credentials).build();
        this.host = host;
        this.port = port;
        this.user = user;
    }

    /** For {@code jdbc:postgresql://host[:port]/db?...}: the host and port the token is bound to. */
    public static RdsIamTokens forJdbcUrl(String jdbcUrl, String user, Region region,
            AwsCredentialsProvider credentials) {
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("IAM database auth needs a jdbc:postgresql:// URL, not " + jdbcUrl);
        }
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        return new RdsIamTokens(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), user, region, credentials);
    }

    @Override
    public String get() {
        return rds.generateAuthenticationToken(b -> b.hostname(host).port(port).username(user));
    }
}
