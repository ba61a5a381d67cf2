package io.assetgate.server.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A declared checksum: {@code sha256:<base64>} or {@code md5:<base64>} of the whole file.
 *
 * @param algorithm {@code sha256} or {@code md5}
 * @param base64 the digest, standard base64 with padding
 */
public record Checksum(String algorithm, String base64) {

    /**
     * Parses the API's form (docs/api.md), or throws {@link IllegalArgumentException} saying why not.
     */
    public static Checksum parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("must be sha256:<base64> or md5:<base64>");
        }
        String algorithm = text.substring(0, colon).toLowerCase();
        int expectedLength = switch (algorithm) {
            case "sha256" -> 32;
            case "md5" -> 16;
            default -> throw new IllegalArgumentException("algorithm must be sha256 or md5");
        };
        byte[] digest;
        try {
            digest = Base64.getDecoder().decode(text.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("digest is not valid base64");
        }
        if (digest.length != expectedLength) {
            throw new IllegalArgumentException("a " + algorithm + " digest has " + expectedLength + " bytes");
        }
        return new Checksum(algorithm, Base64.getEncoder().encodeToString(digest));
    }

    /** A fresh digest of this checksum's algorithm. */
    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(algorithm.equals("md5") ? "MD5" : "SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when {@code digest} is the digest this checksum declares. */
    public boolean matches(byte[] digest) {
        return MessageDigest.isEqual(Base64.getDecoder().decode(base64), digest);
    }

    @Override
    public String toString() {
        return algorithm + ":" + base64;
    }
}
