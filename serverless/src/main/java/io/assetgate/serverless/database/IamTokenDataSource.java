package io.assetgate.serverless.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.function.Supplier;

import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * Opens PostgreSQL connections with a fresh password from {@code passwords} each time: the
 * pool's source of connections when the password is an RDS IAM token, which expires.
 */
final class IamTokenDataSource extends AbstractDataSource {

    private final org.postgresql.Driver driver = new org.postgresql.Driver();
    private final String url;
    private final String user;
    private final Supplier<String> passwords;

    IamTokenDataSource(String url, String user, Supplier<String> passwords) {
        this.url = url;
        this.user = user;
        this.passwords = passwords;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", passwords.get());
        Connection connection = driver.connect(url, properties);
        if (connection == null) {
            throw new SQLException("Not a PostgreSQL URL: " + url);
        }
        return connection;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLException("The user is fixed and the password is an IAM token: use getConnection()");
    }
}
