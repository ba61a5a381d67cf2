package io.assetgate.server.processing;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.assetgate.server.asset.AssetEvents;

/**
 * Enqueues processing when an upload completes. {@code UploadService.markCompleted} publishes
 * {@link AssetEvents.AssetCompleted} inside its transaction, and this plain (not
 * transactional-phase) listener runs in it: the job row commits with the AVAILABLE state or
 * not at all, so no completed asset is ever left without its job.
 */
@Component
class ProcessingTrigger {

    private final Jobs jobs;

    ProcessingTrigger(Jobs jobs) {
        this.jobs = jobs;
    }

    @EventListener
    void onCompleted(AssetEvents.AssetCompleted completed) {
        jobs.processAsset(completed.assetId());
    }
}
