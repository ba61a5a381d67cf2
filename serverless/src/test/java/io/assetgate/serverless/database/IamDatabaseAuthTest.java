package io.assetgate.serverless.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

import io.assetgate.serverless.Core;
import io.assetgate.serverless.contract.Deployment.Caller;
import io.assetgate.serverless.contract.Deployment.Reply;
import io.assetgate.serverless.contract.HandlersDeployment;
import io.assetgate.serverless.contract.TestStack;

/**
 * With {@code assetgate.lambda.database-auth=iam} (the stack's ASSETGATE_LAMBDA_DATABASE_AUTH) the
 * functions' pool opens its connections with IAM tokens, and the handlers work on it. The local
 * PostgreSQL trusts local connections, so the token is not checked here: AWS is not available.
 */
class IamDatabaseAuthTest {

    private static HandlersDeployment handlers;

    @BeforeAll
    static void start() {
        // The default credentials chain reads these first; the token is signed locally with them.
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        handlers = HandlersDeployment.start(TestStack.create(), Map.of("assetgate.lambda.database-auth", "iam"));
    }

    @AfterAll
    static void clear() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void thePoolConnectsWithTokensAndTheHandlersUseIt() {
        DataSource dataSource = Core.context().getBean(DataSource.class);
        assertThat(dataSource).isInstanceOf(HikariDataSource.class);
        HikariDataSource pool = (HikariDataSource) dataSource;
        assertThat(pool.getDataSource()).isInstanceOf(IamTokenDataSource.class);
        assertThat(pool.getMaximumPoolSize()).as("spring.datasource.hikari.* still apply").isEqualTo(2);

        Caller alice = new Caller("user-" + java.util.UUID.randomUUID(), "assets:read assets:write");
        Reply created = handlers.call("POST", "/v1/uploads", alice, Map.of("Content-Type", "application/json"),
                "{\"filename\": \"a.jpg\", \"contentType\": \"image/jpeg\", \"size\": 1000}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
    }
}
