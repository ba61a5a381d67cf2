package io.assetgate.serverless.database;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import com.zaxxer.hikari.HikariDataSource;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The functions' connection pool: Hikari on {@code spring.datasource.*}, as Spring Boot would
 * make it, with the pool's own settings ({@code spring.datasource.hikari.*}). With
 * {@code assetgate.lambda.database-auth=iam} (ASSETGATE_LAMBDA_DATABASE_AUTH, as the CDK stack
 * sets it) it connects to RDS Proxy as {@code spring.datasource.username} with an RDS IAM token
 * from the function's role as the password, so no password is stored anywhere.
 * <p>
 * The choice is made here when the pool is made, not by a condition on the bean: the functions'
 * context is wired at build time (Spring AOT), when the deployment's settings are not known.
 */
@Configuration(proxyBeanMethods = false)
class FunctionDataSource {

    static final String AUTH = "assetgate.lambda.database-auth";

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(DataSourceProperties properties, Environment environment) {
        if (!"iam".equals(environment.getProperty(AUTH))) {
            HikariDataSource pool = properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
            if (StringUtils.hasText(properties.getName())) {
                pool.setPoolName(properties.getName());
            }
            return pool;
        }
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
