package io.assetgate.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * Instances sharing a data dir start at the same time (two servers on one database and one
 * local store): each must end up with the one key on disk, and none may fail to start.
 */
class DataDirectoryTest {

    @TempDir
    Path dir;

    @RepeatedTest(5)
    void instancesCreatingTheSameKeyAtOnceAllGetTheKeyOnDisk() throws Exception {
        int instances = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<byte[]>> keys = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(instances)) {
            for (int i = 0; i < instances; i++) {
                DataDirectory data = new DataDirectory(new AssetgateProperties(dir, null));
                keys.add(pool.submit(() -> {
                    start.await();
                    return data.secretKey("local-store.key", 32);
                }));
            }
            start.countDown();
            byte[] onDisk = null;
            for (Future<byte[]> key : keys) {
                byte[] got = key.get();
                onDisk = onDisk == null ? Files.readAllBytes(dir.resolve("keys/local-store.key")) : onDisk;
                assertThat(got).isEqualTo(onDisk);
            }
        }
        Path file = dir.resolve("keys/local-store.key");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (Stream<Path> files = Files.list(dir.resolve("keys"))) {
            assertThat(files).containsExactly(file);
        }
        Files.delete(file);
    }
}
