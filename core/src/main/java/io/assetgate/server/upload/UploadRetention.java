package io.assetgate.server.upload;

import java.time.Clock;

import org.springframework.stereotype.Component;

import io.assetgate.server.housekeeping.RetentionPurge;

/**
 * Purges uploads in a final state {@code assetgate.upload.retention} after their deadline, so
 * the uploads table holds what is in flight plus a window, not every upload ever made. Nothing
 * else needs the rows: an asset carries its own copy of what it shows, and the reconciler asks
 * the assets too before it deletes an object it finds unrecorded.
 */
@Component
class UploadRetention extends RetentionPurge {

    UploadRetention(UploadRepository uploads, UploadProperties properties, Clock clock) {
        super("finished uploads", properties.retention(), properties.purgeInterval(), clock,
                uploads::purgeFinishedBefore);
    }
}
