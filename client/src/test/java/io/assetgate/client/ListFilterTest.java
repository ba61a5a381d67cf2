package io.assetgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.assetgate.client.support.Media;
import io.assetgate.client.support.ServerProcess;

/** The list's filters through the library, against the real server. */
class ListFilterTest {

    @TempDir
    Path dir;

    @Test
    void listsWithEachFilterAndFollowsCursorsOfTheSameFilter() {
        try (ServerProcess server = ServerProcess.start();
                AssetgateClient client = AssetgateClient.builder().baseUrl(server.url())
                        .tokenProvider(server.serviceTokens()).build()) {
            String trip1 = client.upload(Media.jpeg(dir, "Trip-1.jpg", 30_000, 1)).id();
            String trip2 = client.upload(Media.jpeg(dir, "trip-2.jpg", 30_000, 2)).id();
            String other = client.upload(Media.jpeg(dir, "other_100%.jpg", 30_000, 3)).id();

            assertThat(ids(client.list(AssetFilter.all().withNamePrefix("TRIP-"), 10, null)))
                    .containsExactly(trip2, trip1);
            assertThat(ids(client.list(AssetFilter.all().withNamePrefix("other_100%"), 10, null)))
                    .containsExactly(other);
            assertThat(client.list(AssetFilter.all().withKind(AssetFilter.Kind.VIDEO), 10, null).items()).isEmpty();
            assertThat(client.list(AssetFilter.all().withState("QUARANTINED"), 10, null).items()).isEmpty();
            assertThat(ids(client.list(AssetFilter.all().withSort(AssetFilter.Sort.CAPTURED)
                    .withFrom(Instant.parse("2000-01-01T00:00:00Z")), 10, null))).hasSize(3);
            assertThat(client.list(AssetFilter.all().withTo(Instant.parse("2000-01-01T00:00:00Z")), 10, null).items())
                    .isEmpty();

            AssetFilter images = AssetFilter.all().withKind(AssetFilter.Kind.IMAGE);
            Asset.Page first = client.list(images, 2, null);
            Asset.Page second = client.list(images, 2, first.nextCursor());
            assertThat(ids(first)).containsExactly(other, trip2);
            assertThat(ids(second)).containsExactly(trip1);
            assertThat(second.nextCursor()).isNull();

            assertThatThrownBy(() -> client.list(AssetFilter.all(), 2, first.nextCursor()))
                    .isInstanceOfSatisfying(AssetgateException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.code()).isEqualTo("VALIDATION_FAILED");
                    });
        }
    }

    private static List<String> ids(Asset.Page page) {
        return page.items().stream().map(Asset::id).toList();
    }
}
