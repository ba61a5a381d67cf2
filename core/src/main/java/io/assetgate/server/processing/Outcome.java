package io.assetgate.server.processing;

import java.nio.file.Path;
import java.util.List;

import io.assetgate.server.asset.AssetMetadata;
import io.assetgate.server.processing.image.ImageRenderer;

/** What inspecting an asset's content decided. */
sealed interface Outcome {

    /** Variants were made: the asset becomes READY. {@code strippedOriginal} replaces the original when not null. */
    record Ready(List<ImageRenderer.Rendered> variants, AssetMetadata metadata, Path strippedOriginal)
            implements Outcome {
    }

    /** The content failed a check: the asset becomes QUARANTINED. */
    record Quarantine(String reason, AssetMetadata metadata) implements Outcome {
    }

    /**
     * The content cannot be processed, and trying again would not change that (a decoder
     * refused it): the asset becomes FAILED with the reason at once, without retries.
     */
    record Fail(String reason, AssetMetadata metadata) implements Outcome {
    }

    /** Nothing to make (no decoder, no video tools): the asset stays AVAILABLE with what is known. */
    record Keep(AssetMetadata metadata) implements Outcome {
    }
}
