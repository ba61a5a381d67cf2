package io.assetgate.serverless.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** The IAM token is an RDS connect request signed for the configured host, port, user and region. */
class RdsIamTokensTest {

    private static final StaticCredentialsProvider KEYS = StaticCredentialsProvider
            .create(AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));

    @Test
    void theTokenIsSignedForTheProxysHostPortUserAndRegion() {
        RdsIamTokens tokens = RdsIamTokens.forJdbcUrl(
                "jdbc:postgresql://assetgate.proxy-abc.eu-central-1.rds.amazonaws.com:5432/assetgate?sslmode=require",
                "assetgate", Region.EU_CENTRAL_1, KEYS);
        String token = URLDecoder.decode(tokens.get(), StandardCharsets.UTF_8);
        assertThat(token).startsWith("assetgate.proxy-abc.eu-central-1.rds.amazonaws.com:5432/?")
                .contains("Action=connect").contains("DBUser=assetgate")
                .contains("X-Amz-Credential=AKIDEXAMPLE/"
                        + LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE)
                        + "/eu-central-1/rds-db/aws4_request")
                .containsPattern("X-Amz-Expires=(899|900)&").containsPattern("X-Amz-Signature=[0-9a-f]{64}");
    }

    @Test
    void thePortDefaultsToPostgresqlsAndOtherUrlsAreRefused() {
        String token = RdsIamTokens.forJdbcUrl("jdbc:postgresql://db.example/assetgate", "app", Region.US_EAST_1, KEYS)
                .get();
        assertThat(token).startsWith("db.example:5432/?").contains("DBUser=app");
        assertThatThrownBy(() -> RdsIamTokens.forJdbcUrl("jdbc:h2:mem:x", "app", Region.US_EAST_1, KEYS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyNewConnectionGetsAFreshPassword() throws Exception {
        // The local PostgreSQL trusts local connections, so any password opens one: this checks
        // the data source asks for a token per connection and connects as the configured user.
        AtomicInteger asked = new AtomicInteger();
        IamTokenDataSource source = new IamTokenDataSource("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres",
                () -> "token-" + asked.incrementAndGet());
        for (int i = 1; i <= 2; i++) {
            try (Connection connection = source.getConnection();
                    ResultSet user = connection.createStatement().executeQuery("select current_user")) {
                user.next();
                assertThat(user.getString(1)).isEqualTo("postgres");
            }
            assertThat(asked).hasValue(i);
        }
    }
}
