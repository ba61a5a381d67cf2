package io.assetgate.server.upload;

import org.springframework.stereotype.Component;

/** One pass of the {@link UploadReconciler}, for the scheduled Lambda function (the server schedules its own). */
@Component
public class ReconcilerRun {

    private final UploadReconciler reconciler;

    ReconcilerRun(UploadReconciler reconciler) {
        this.reconciler = reconciler;
    }

    /** Settles expired uploads and removes orphans; answers what it did. */
    public String run() {
        return reconciler.reconcile().toString();
    }
}
