package io.assetgate.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import io.assetgate.client.Tokens;

/**
 * The stored login: which server and issuer, and the tokens. The file MUST be readable by its
 * owner only: it is created with those permissions (never widened afterwards) and replaced
 * atomically, so no other user can ever read a token, even for an instant.
 */
record Credentials(String server, String issuer, String tokenEndpoint, String clientId, String accessToken,
        String refreshToken, String expiresAt) {

    static final String FILE = "credentials.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    Tokens tokens() {
        return new Tokens(accessToken, refreshToken, expiresAt == null ? null : Instant.parse(expiresAt));
    }

    Credentials with(Tokens tokens) {
        return new Credentials(server, issuer, tokenEndpoint, clientId, tokens.accessToken(), tokens.refreshToken(),
                tokens.expiresAt() == null ? null : tokens.expiresAt().toString());
    }

    static Optional<Credentials> load(Path home) {
        Path file = home.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(GSON.fromJson(Files.readString(file), Credentials.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void save(Path home) {
        try {
            Files.createDirectories(home);
            Path temp = home.resolve("." + FILE + ".tmp");
            Files.deleteIfExists(temp);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(temp);
            }
            Files.writeString(temp, GSON.toJson(this), StandardCharsets.UTF_8);
            Files.move(temp, home.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store the credentials in " + home, e);
        }
    }

    static boolean delete(Path home) {
        try {
            return Files.deleteIfExists(home.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
