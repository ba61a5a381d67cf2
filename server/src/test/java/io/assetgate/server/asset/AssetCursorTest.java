package io.assetgate.server.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.assetgate.server.web.ApiException;

/** Cursors: round trips, the cursors of the list before filters, and what is refused. */
class AssetCursorTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:00:00.123456Z");

    @Test
    void aCursorOfTheListBeforeFiltersStillReadsAsTheUnfilteredList() {
        String v1 = b64(AT.getEpochSecond() + "." + AT.getNano() + ".0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");

        AssetCursor decoded = AssetCursor.decode(v1, AssetFilter.NONE);

        assertThat(decoded.sortKey()).isEqualTo(AT);
        assertThat(decoded.id()).isEqualTo("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
        assertThatThrownBy(() -> AssetCursor.decode(v1, AssetFilter.parse("video", null, null, null, null, null)))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void roundTripsWithItsFilter() {
        AssetFilter filter = AssetFilter.parse(null, "READY", "captured", "2026-01-01T00:00:00Z", null, "img.");
        AssetCursor cursor = new AssetCursor(AT, "some-id", filter.fingerprint());

        assertThat(AssetCursor.decode(cursor.encode(), filter)).isEqualTo(cursor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "!!!", "bm9wZQ", "Mi4xLjIuMw"})
    void refusesWhatIsNoCursor(String cursor) {
        assertThatThrownBy(() -> AssetCursor.decode(cursor, AssetFilter.NONE)).isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).errors().getFirst().field()).isEqualTo("cursor");
    }

    private static String b64(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }
}
