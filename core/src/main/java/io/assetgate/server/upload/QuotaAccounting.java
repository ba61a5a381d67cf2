package io.assetgate.server.upload;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.assetgate.server.asset.AssetEvents;
import io.assetgate.server.limits.UsageLedger;

/**
 * Keeps the usage ledger in step with uploads and assets. The listeners run synchronously in
 * the transaction of the state change, so usage and state can never disagree.
 * The reservation itself is made by {@link UploadPolicy#reserve}.
 */
@Component
class QuotaAccounting {

    private final UsageLedger ledger;

    QuotaAccounting(UsageLedger ledger) {
        this.ledger = ledger;
    }

    @EventListener
    void completed(UploadEvents.UploadCompleted e) {
        ledger.convert(e.upload().owner(), e.upload().size());
    }

    @EventListener
    void failed(UploadEvents.UploadFailed e) {
        ledger.release(e.upload().owner(), e.upload().size());
    }

    @EventListener
    void aborted(UploadEvents.UploadAborted e) {
        ledger.release(e.upload().owner(), e.upload().size());
    }

    @EventListener
    void expired(UploadEvents.UploadExpired e) {
        ledger.release(e.upload().owner(), e.upload().size());
    }

    /** Deleting an asset frees its current size, so a stripped original frees the difference now. */
    @EventListener
    void shrunk(AssetEvents.OriginalShrunk e) {
        if (e.bytes() > 0) {
            ledger.shrink(e.owner(), e.bytes());
        }
    }

    /** Only a completed asset counts as used; a pending one is still a reservation of its upload. */
    @EventListener
    void removed(AssetEvents.AssetRemoved e) {
        if (e.completed()) {
            ledger.free(e.owner(), e.size());
        }
    }
}
