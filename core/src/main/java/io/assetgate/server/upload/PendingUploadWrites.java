package io.assetgate.server.upload;

import java.time.Clock;

import org.springframework.stereotype.Component;

import io.assetgate.server.storage.SignedWriteGate;

/** The upload feature's answer to {@link SignedWriteGate}: only a pending upload within its deadline accepts writes. */
@Component
class PendingUploadWrites implements SignedWriteGate {

    private final UploadRepository uploads;
    private final Clock clock;

    PendingUploadWrites(UploadRepository uploads, Clock clock) {
        this.uploads = uploads;
        this.clock = clock;
    }

    @Override
    public boolean acceptsWrites(String key) {
        return uploads.isPendingObject(key, clock.instant());
    }
}
