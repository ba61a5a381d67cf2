package io.assetgate.server.upload;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the upload reconciler ({@link UploadReconciler}).
 *
 * @param enabled run the reconciler periodically
 * @param interval pause between two runs
 * @param grace how long a pending upload is kept past its expiry before it is expired and its
 *        parts freed; gives a slow client's last PUT time to land
 * @param orphanGrace how old a stored object or multipart upload with no record must be
 *        before it is deleted; covers the moment between writing and recording
 * @param batchSize pending uploads looked at per run
 */
@ConfigurationProperties("assetgate.reconciler")
record ReconcilerProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1m") Duration interval,
        @DefaultValue("15m") Duration grace,
        @DefaultValue("1h") Duration orphanGrace,
        @DefaultValue("500") int batchSize) {
}
