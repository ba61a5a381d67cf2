package io.assetgate.server.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * The data directory, and the secrets the server generates into it on first start. Secret
 * files are written owner-only and atomically, so a crash never leaves a half-written key.
 */
@Component
public class DataDirectory {

    private final Path root;

    public DataDirectory(AssetgateProperties properties) {
        this.root = properties.dataDir().toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** A sub-directory of the data dir, created if needed. */
    public Path directory(String name) {
        Path dir = root.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir, e);
        }
        return dir;
    }

    /** The random key kept in {@code keys/<name>}, generated with {@code length} bytes on first use. */
    public byte[] secretKey(String name, int length) {
        Path file = directory("keys").resolve(name);
        try {
            if (Files.exists(file)) {
                return Files.readAllBytes(file);
            }
            byte[] key = new byte[length];
            new SecureRandom().nextBytes(key);
            // Instances sharing a data dir may start together: the first key linked into place
            // wins, and every instance then uses that one.
            Path tmp = newSecretFile(file, key);
            try {
                Files.createLink(file, tmp);
            } catch (FileAlreadyExistsException anotherInstanceWon) {
                // read below
            } catch (IOException | UnsupportedOperationException noHardLinks) {
                // Some file systems (SMB, vfat, some FUSE mounts) have no hard links: a plain move,
                // which cannot tell a concurrent instance's key apart, is the best they allow.
                if (!Files.exists(file)) {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the key " + file, e);
        }
    }

    /** Writes {@code content} to {@code file} owner-only, replacing it atomically. */
    public static void writeSecret(Path file, byte[] content) throws IOException {
        Files.move(newSecretFile(file, content), file, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A synced owner-only file beside {@code file} holding {@code content}, under a name of its own. */
    private static Path newSecretFile(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.write(tmp, content, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        return tmp;
    }
}
