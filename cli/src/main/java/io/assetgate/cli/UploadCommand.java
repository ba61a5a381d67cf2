package io.assetgate.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.assetgate.client.Asset;
import io.assetgate.client.AssetgateClient;
import io.assetgate.client.AssetgateException;
import io.assetgate.client.QueueItem;
import io.assetgate.client.UploadOptions;
import io.assetgate.client.UploadQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Uploads files in parallel with progress, or adds them to the offline queue. */
@Command(name = "upload", description = "Upload files (in parallel), or add them to the offline queue.")
final class UploadCommand implements java.util.concurrent.Callable<Integer> {

    @ParentCommand
    AssetgateCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "The files.")
    List<Path> files;

    @Option(names = "--queue", description = "Add to the offline queue and return at once ('assetgate queue run' sends).")
    boolean queue;

    @Option(names = {"-j", "--parallel"}, defaultValue = "4", description = "Files sent at the same time (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--type", paramLabel = "TYPE", description = "The content type of every file (default: from the name).")
    String contentType;

    @Option(names = "--skip-duplicates", description = "Send nothing for a file this account already holds "
            + "(same SHA-256, verified): its asset is answered instead. The queue always does this.")
    boolean skipDuplicates;

    @Override
    public Integer call() {
        Session session = new Session(root, spec);
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new ErrorHandler.UsageException("no such file: " + file);
            }
        }
        return queue ? enqueue(session) : upload(session);
    }

    private int enqueue(Session session) {
        try (AssetgateClient client = session.client()) {
            UploadQueue q = UploadQueue.builder(client, session.home().resolve("queue")).build();
            for (Path file : files) {
                QueueItem item = q.add(file, null, contentType);
                session.out.result(Map.of("queueId", item.id(), "file", item.file(), "state", item.state().name()),
                        "queued " + file + "  " + item.id());
            }
        }
        return 0;
    }

    private int upload(Session session) {
        long total = files.stream().mapToLong(UploadCommand::size).sum();
        boolean bars = !session.out.json && System.console() != null;
        AtomicInteger failures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel));
        try (AssetgateClient client = session.client(Math.max(4, parallel));
                ProgressView view = new ProgressView(session.out.err, total, files.size(), bars)) {
            List<Future<?>> futures = new ArrayList<>();
            for (Path file : files) {
                String key = file.toString();
                futures.add(pool.submit(() -> {
                    try {
                        // Only a new upload is ever "created": without it, the server answered an existing asset.
                        AtomicBoolean created = new AtomicBoolean();
                        Asset asset = client.upload(file, UploadOptions.defaults().withContentType(contentType)
                                .withProgress(view.listener(key)).withReuseDuplicates(skipDuplicates)
                                .withOnCreated(u -> created.set(true)));
                        view.done(key, asset.size());
                        boolean duplicate = !created.get();
                        view.println(session.out, () -> session.out.result(result(file, asset, duplicate),
                                (duplicate ? "already uploaded " : "uploaded ") + file + "  " + asset.id() + "  "
                                        + asset.state()));
                    } catch (AssetgateException e) {
                        failures.incrementAndGet();
                        view.done(key, size(file));
                        view.println(session.out, () -> session.out.note("assetgate: error: " + file + ": "
                                + ErrorHandler.oneLine(e.getMessage())));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ErrorHandler.FAILURE;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return failures.get() == 0 ? 0 : ErrorHandler.FAILURE;
    }

    private static Map<String, Object> result(Path file, Asset asset, boolean duplicate) {
        Map<String, Object> fields = new LinkedHashMap<>(Output.asset(asset));
        fields.put("file", file.toString());
        if (duplicate) {
            fields.put("duplicate", true);
        }
        return fields;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
