package io.assetgate.server.storage.local;

import java.io.IOException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;

/**
 * A single object's hex SHA-256, kept with its file in a user extended attribute. It is
 * written on the temporary file before the atomic move, so an object and its digest appear
 * together. Where the file system keeps no user attributes, nothing is kept and {@link #read}
 * answers null: verification then reads the object instead.
 */
final class DigestAttribute {

    private static final String NAME = "assetgate.sha256";

    private DigestAttribute() {
    }

    /** Keeps the digest with the file; a file system without user attributes just does not keep it. */
    static void write(Path file, String hex) {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        if (view == null) {
            return;
        }
        try {
            view.write(NAME, ByteBuffer.wrap(hex.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException | UnsupportedOperationException e) {
            // Verification falls back to reading the object.
        }
    }

    /** The digest kept with the file, or null when there is none (or the file system keeps none). */
    static String read(Path file) {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        if (view == null) {
            return null;
        }
        try {
            ByteBuffer buffer = ByteBuffer.allocate(64);
            if (view.read(NAME, buffer) != 64) {
                return null;
            }
            String hex = new String(buffer.array(), StandardCharsets.US_ASCII);
            return hex.matches("[0-9a-f]{64}") ? hex : null;
        } catch (IOException | UnsupportedOperationException | BufferOverflowException e) {
            return null;
        }
    }
}
