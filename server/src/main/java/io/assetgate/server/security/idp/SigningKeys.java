package io.assetgate.server.security.idp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import io.assetgate.server.config.DataDirectory;

/**
 * The embedded provider's token signing key. It is kept (owner-only) in the data dir so that
 * tokens issued before a restart stay valid after it.
 */
final class SigningKeys {

    private SigningKeys() {
    }

    static JWKSet load(DataDirectory dataDir) {
        Path file = dataDir.directory("keys").resolve("idp-signing.jwk.json");
        try {
            if (Files.exists(file)) {
                return new JWKSet(RSAKey.parse(Files.readString(file)));
            }
            RSAKey key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyID(UUID.randomUUID().toString())
                    .generate();
            DataDirectory.writeSecret(file, key.toJSONString().getBytes(StandardCharsets.UTF_8));
            return new JWKSet(key);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write " + file, e);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("The signing key in " + file + " is unreadable", e);
        }
    }
}
