package io.assetgate.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.assetgate.client.Asset;
import io.assetgate.client.AssetgateClient;
import io.assetgate.client.AssetgateException;
import io.assetgate.client.ErrorCodes;
import io.assetgate.client.QueueItem;
import io.assetgate.client.QueueListener;
import io.assetgate.client.UploadQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The offline queue in {@code ASSETGATE_HOME/queue}: list, run, retry, remove. */
@Command(name = "queue", description = "The offline upload queue.",
        subcommands = {QueueCommand.ListItems.class, QueueCommand.Run.class, QueueCommand.Retry.class,
            QueueCommand.Remove.class})
final class QueueCommand implements Runnable {

    @ParentCommand
    AssetgateCommand root;

    @Override
    public void run() {
        throw new ErrorHandler.UsageException("queue needs a command: list, run, retry or remove");
    }

    static Map<String, Object> fields(QueueItem item) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("queueId", item.id());
        m.put("state", item.state().name());
        m.put("file", item.file());
        m.put("assetId", item.assetId());
        m.put("attempts", item.attempts());
        m.put("error", item.error());
        return m;
    }

    static String line(QueueItem item) {
        return String.format("%-49s  %-9s  %s%s%s", item.id(), item.state(), item.file(),
                item.assetId() == null ? "" : "  -> " + item.assetId(),
                item.error() == null ? "" : "  (" + ErrorHandler.oneLine(item.error()) + ")");
    }

    /** Base of the queue's commands: the session and the queue. */
    abstract static class Sub {
        @ParentCommand
        QueueCommand queueCommand;
        @Spec
        CommandSpec spec;

        Session session() {
            return new Session(queueCommand.root, spec);
        }

        /** Listing and editing never need the server, nor a login. */
        static UploadQueue offlineQueue(Session session) {
            AssetgateClient unused = AssetgateClient.builder().baseUrl("http://localhost")
                    .token("unused").build();
            return UploadQueue.builder(unused, session.home().resolve("queue")).build();
        }
    }

    @Command(name = "list", description = "List the queued items and their state.")
    static final class ListItems extends Sub implements Runnable {
        @Override
        public void run() {
            Session session = session();
            for (QueueItem item : offlineQueue(session).list()) {
                session.out.result(fields(item), line(item));
            }
        }
    }

    @Command(name = "retry", description = "Queue failed items again.")
    static final class Retry extends Sub implements Runnable {
        @Parameters(arity = "0..*", paramLabel = "ID", description = "The items (default: every failed one).")
        List<String> ids;

        @Override
        public void run() {
            Session session = session();
            UploadQueue queue = offlineQueue(session);
            List<String> which = ids != null ? ids : queue.list().stream()
                    .filter(i -> i.state() == QueueItem.State.FAILED).map(QueueItem::id).toList();
            for (String id : which) {
                QueueItem item = queue.retry(id);
                session.out.result(fields(item), "queued again " + item.file() + "  " + item.id());
            }
        }
    }

    @Command(name = "remove", description = "Remove items from the queue (the files stay).")
    static final class Remove extends Sub implements Runnable {
        @Parameters(arity = "1..*", paramLabel = "ID", description = "The items.")
        List<String> ids;

        @Override
        public void run() {
            Session session = session();
            UploadQueue queue = offlineQueue(session);
            for (String id : ids) {
                if (!queue.remove(id)) {
                    throw AssetgateException.local(ErrorCodes.NOT_FOUND, "no queue item " + id);
                }
                session.out.result(Map.of("queueId", id, "state", "REMOVED"), "removed " + id);
            }
        }
    }

    @Command(name = "run", description = "Send the queued items; with --watch, keep going and report as they finish.")
    static final class Run extends Sub implements java.util.concurrent.Callable<Integer> {
        @Option(names = "--watch", description = "Keep running: wait for the server when offline, and for new items.")
        boolean watch;

        @Option(names = {"-j", "--parallel"}, defaultValue = "2", description = "Items sent at the same time (default: ${DEFAULT-VALUE}).")
        int parallel;

        @Override
        public Integer call() throws InterruptedException {
            Session session = session();
            int[] failed = {0};
            try (AssetgateClient client = session.client();
                    UploadQueue queue = UploadQueue.builder(client, session.home().resolve("queue"))
                            .concurrency(parallel).build()) {
                queue.addListener(new Reporter(session.out, failed));
                if (!watch) {
                    List<QueueItem> left = queue.drain();
                    if (!left.isEmpty()) {
                        session.out.note("assetgate: error: the server is unreachable; " + left.size()
                                + " item(s) still queued");
                        return ErrorHandler.FAILURE;
                    }
                    return failed[0] == 0 ? 0 : ErrorHandler.FAILURE;
                }
                CountDownLatch stop = new CountDownLatch(1);
                Thread hook = new Thread(stop::countDown);
                Runtime.getRuntime().addShutdownHook(hook);
                queue.start();
                stop.await();
                return 0;
            }
        }
    }

    /** Notifies as items finish: this is the CLI's "tell the user". */
    private record Reporter(Output out, int[] failed) implements QueueListener {
        @Override
        public void completed(QueueItem item, Asset asset) {
            Map<String, Object> fields = fields(item);
            fields.put("id", asset.id());
            fields.put("state", asset.state());
            out.result(fields, "uploaded " + item.file() + "  " + asset.id() + "  " + asset.state());
        }

        @Override
        public void failed(QueueItem item, AssetgateException error) {
            failed[0]++;
            out.result(fields(item), "failed " + item.file() + ": " + ErrorHandler.oneLine(error.getMessage()));
        }

        @Override
        public void offline(AssetgateException error) {
            out.note("offline: " + ErrorHandler.oneLine(error.getMessage()) + "; waiting for the server");
        }

        @Override
        public void online() {
            out.note("online again: resuming");
        }
    }
}
