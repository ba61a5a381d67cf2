package io.assetgate.server.storage;

import io.assetgate.server.ids.Ids;

/**
 * Makes object keys. Keys are tokens made by the server: they MUST NOT be derived from the
 * filename or any other user input, so no path can be injected and no name can collide.
 *
 * <p>A key is {@code assets/<8 hex>/<24 hex>}: the 32 hex digits of a fresh version 7 UUID
 * (see {@link Ids}), so keys sort in the order they were made. The database's unique index
 * on keys then grows at its end instead of at a random page per create, which kept the
 * index's pages cycling through the cache under load. The first part changes about once a
 * minute (2^16 ms), so the local store's directories each hold one minute of uploads, and an
 * S3 bucket sees a new prefix every minute. The 74 random bits of the UUID keep keys
 * unguessable; a key is never a credential anyway, every link to it is signed.
 */
public final class ObjectKeys {

    /** The prefix under which originals live; variants sit beside them. */
    public static final String ORIGINALS = "assets/";
    /**
     * Where a quarantined object is moved: {@code quarantine/<its key>}. Every prefix the server
     * writes MUST be covered by docs/iam-policy.json (IamPolicyTest checks this class's keys).
     */
    public static final String QUARANTINE = "quarantine/";
    /**
     * The key the S3 start-up check reads; it never exists ({@link #newOriginalKey()} makes only hex
     * digits after the prefix). Under {@link #ORIGINALS}, the one prefix every deployment's
     * credentials may read: the serverless functions' roles read nothing else.
     */
    public static final String STARTUP_PROBE = ORIGINALS + "startup-probe";
    /** The key the storage health check looks up; it never exists. */
    public static final String HEALTH_PROBE = "health/probe";

    private ObjectKeys() {
    }

    /** A fresh key for an original: {@code assets/<8 hex>/<24 hex>}, in creation order. */
    public static String newOriginalKey() {
        String hex = Ids.newId().replace("-", "");
        return ORIGINALS + hex.substring(0, 8) + "/" + hex.substring(8);
    }

    /** Where the object at {@code key} goes when it is quarantined. */
    public static String quarantineKey(String key) {
        return QUARANTINE + key;
    }

    /** The key of a named variant of the original at {@code originalKey}. */
    public static String variantKey(String originalKey, String variant) {
        return originalKey + "~" + variant;
    }

    /** True for a variant's key ({@code <original>~<variant>}): never the key of an upload. */
    public static boolean isVariantKey(String key) {
        return key.indexOf('~') >= 0;
    }

    /** The key of the original a key belongs to: itself, or for a variant's key the part before {@code ~}. */
    public static String originalOf(String key) {
        int tilde = key.indexOf('~');
        return tilde < 0 ? key : key.substring(0, tilde);
    }

    /** True when the key has only the characters {@link #newOriginalKey()} and variants use. */
    public static boolean isWellFormed(String key) {
        return key != null && key.length() <= 256 && key.matches("[A-Za-z0-9/~._-]+") && !key.contains("..")
                && !key.startsWith("/");
    }
}
