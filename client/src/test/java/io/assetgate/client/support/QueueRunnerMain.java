package io.assetgate.client.support;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import io.assetgate.client.AssetgateClient;
import io.assetgate.client.ClientCredentialsTokenProvider;
import io.assetgate.client.UploadQueue;

/**
 * A separate JVM that works a queue until it is killed: {@code serverUrl clientId secret queueDir}.
 * The tests kill it with SIGKILL in the middle of the queue.
 */
public final class QueueRunnerMain {

    private QueueRunnerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        AssetgateClient client = AssetgateClient.builder().baseUrl(args[0])
                .tokenProvider(new ClientCredentialsTokenProvider(URI.create(args[0] + "/oauth2/token"), args[1],
                        args[2], "assets:read assets:write"))
                .build();
        UploadQueue queue = UploadQueue.builder(client, Path.of(args[3])).concurrency(2)
                .idlePoll(Duration.ofMillis(100)).build();
        queue.start();
        Thread.sleep(Long.MAX_VALUE);
    }
}
