package io.assetgate.server.storage;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes object keys. Keys are random server tokens: they MUST NOT be derived from the
 * filename or any other user input, so no path can be injected and no name can collide.
 */
public final class ObjectKeys {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** The prefix under which originals live; variants sit beside them. */
    public static final String ORIGINALS = "assets/";

    private ObjectKeys() {
    }

    /** A fresh key for an original: {@code assets/<2 chars>/<random>}. */
    public static String newOriginalKey() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).replace('_', 'x').replace('-', 'y');
        return ORIGINALS + token.substring(0, 2) + "/" + token;
    }

    /** The key of a named variant of the original at {@code originalKey}. */
    public static String variantKey(String originalKey, String variant) {
        return originalKey + "~" + variant;
    }

    /** True when the key has only the characters {@link #newOriginalKey()} and variants use. */
    public static boolean isWellFormed(String key) {
        return key != null && key.length() <= 256 && key.matches("[A-Za-z0-9/~._-]+") && !key.contains("..")
                && !key.startsWith("/");
    }
}
