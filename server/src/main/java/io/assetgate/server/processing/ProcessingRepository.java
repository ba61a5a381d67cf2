package io.assetgate.server.processing;

import static io.assetgate.server.config.Sql.ts;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.assetgate.server.asset.AssetMetadata;

/** The asset columns only processing writes. */
@Repository
class ProcessingRepository {

    private final JdbcClient jdbc;

    ProcessingRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void saveMetadata(String assetId, AssetMetadata m) {
        jdbc.sql("""
                update assets set media_width = ?, media_height = ?, media_orientation = ?, media_captured_at = ?,
                    media_duration_ms = ?, media_detected_type = ?, media_placeholder_kind = ?, media_placeholder = ?
                where id = ?""")
                .params(m.width(), m.height(), m.orientation(), ts(m.capturedAt()), m.durationMs(), m.detectedType(),
                        m.placeholder() == null ? null : m.placeholder().kind(),
                        m.placeholder() == null ? null : m.placeholder().value(), assetId)
                .update();
    }

    /** Points the asset at its object's new key (after a move to quarantine). */
    void moveObject(String assetId, String objectKey) {
        jdbc.sql("update assets set object_key = ? where id = ?").params(objectKey, assetId).update();
    }

    /** Records the rewritten original's size and checksum. */
    void replaceOriginal(String assetId, long size, String checksum) {
        jdbc.sql("update assets set size_bytes = ?, checksum = ? where id = ?").params(size, checksum, assetId)
                .update();
    }
}
