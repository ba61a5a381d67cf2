package io.assetgate.serverless.database;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import com.zaxxer.hikari.HikariDataSource;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * {@code assetgate.lambda.database-auth=iam} (ASSETGATE_LAMBDA_DATABASE_AUTH, as the CDK stack
 * sets it): the pool connects to RDS Proxy as {@code spring.datasource.username} with an RDS IAM
 * token from the function's role as the password, so no password is stored anywhere. The pool's
 * own settings ({@code spring.datasource.hikari.*}) apply as before.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "assetgate.lambda.database-auth", havingValue = "iam")
class IamDatabaseAuth {

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(DataSourceProperties properties, Environment environment) {
        String url = properties.determineUrl();
        String user = properties.determineUsername();
        // Lambda sets AWS_REGION; the stack also gives the bucket's region, which is the same.
        String region = environment.getProperty("AWS_REGION",
                environment.getProperty("assetgate.storage.s3.region", "us-east-1"));
        RdsIamTokens tokens = RdsIamTokens.forJdbcUrl(url, user, Region.of(region),
                DefaultCredentialsProvider.builder().build());
        HikariDataSource pool = new HikariDataSource();
        pool.setDataSource(new IamTokenDataSource(url, user, tokens));
        return pool;
    }
}
