package io.assetgate.server.security.idp;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.assetgate.server.config.DataDirectory;
import io.assetgate.server.security.Scopes;

/**
 * The user and service client made on first start when settings name none, so a fresh
 * install is usable at once. Their secrets are random, printed once, and kept owner-only in
 * {@code <data-dir>/idp/initial-credentials.properties} for the operator to read later.
 */
final class InitialCredentials {

    static final String FILE = "initial-credentials.properties";
    private static final Logger log = LoggerFactory.getLogger(InitialCredentials.class);
    private static final List<String> ALL_SCOPES = List.of(Scopes.READ, Scopes.WRITE, Scopes.ADMIN);

    private InitialCredentials() {
    }

    /** The generated user and service client. */
    record Generated(IdpProperties.User user, IdpProperties.Client client) {
    }

    /** Loads the generated credentials, creating them on first start. */
    static Generated loadOrCreate(DataDirectory dataDir) {
        Path file = dataDir.directory("idp").resolve(FILE);
        Properties p = new Properties();
        try {
            if (Files.exists(file)) {
                try (Reader in = Files.newBufferedReader(file)) {
                    p.load(in);
                }
            } else {
                p.setProperty("username", "admin");
                p.setProperty("password", randomSecret());
                p.setProperty("client-id", "assetgate-service");
                p.setProperty("client-secret", randomSecret());
                StringWriter text = new StringWriter();
                p.store(text, "Generated on first start. Replace with assetgate.idp.* settings in production.");
                DataDirectory.writeSecret(file, text.toString().getBytes(StandardCharsets.UTF_8));
                log.warn("""

                        ==== Assetgate embedded identity provider: initial credentials (shown once) ====
                          user:          {} / {}
                          service client: {} / {}
                          kept in {}
                        ================================================================================""",
                        p.getProperty("username"), p.getProperty("password"), p.getProperty("client-id"),
                        p.getProperty("client-secret"), file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write " + file, e);
        }
        return new Generated(new IdpProperties.User(p.getProperty("username"), p.getProperty("password"), ALL_SCOPES),
                new IdpProperties.Client(p.getProperty("client-id"), p.getProperty("client-secret"), ALL_SCOPES));
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
