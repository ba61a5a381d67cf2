package io.assetgate.server.storage;

/**
 * Tells a store that checks signatures itself (the local store) whether a signed upload link
 * may still write its object. A signature proves what was signed, not that the upload it was
 * signed for is still open: an upload that was completed, aborted, failed or expired MUST NOT
 * have its object written through a link that is still within its lifetime. Implemented by the
 * upload feature, which owns the uploads' states; the store depends only on this interface.
 */
@FunctionalInterface
public interface SignedWriteGate {

    /** True only while the upload that owns {@code key} is pending and not past its deadline. */
    boolean acceptsWrites(String key);
}
