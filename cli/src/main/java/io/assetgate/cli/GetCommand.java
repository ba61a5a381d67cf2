package io.assetgate.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.assetgate.client.AssetCache;
import io.assetgate.client.AssetgateClient;
import io.assetgate.client.AssetgateException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Downloads an asset or a variant through the offline cache in {@code ASSETGATE_HOME/cache}. */
@Command(name = "get", description = "Download an asset (through the offline cache).")
final class GetCommand implements Runnable {

    @ParentCommand
    AssetgateCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The asset.")
    String id;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write it; '-' for stdout. Default: the asset's file name here.")
    String output;

    @Option(names = "--variant", paramLabel = "NAME", description = "A variant, such as thumbnail.")
    String variant;

    @Option(names = "--cache-ttl", defaultValue = "PT24H", description = "How long a cached copy is used as is (default: ${DEFAULT-VALUE}).")
    Duration ttl;

    @Option(names = "--cache-size", defaultValue = "1073741824", description = "The cache's cap in bytes (default: 1 GiB).")
    long cacheSize;

    @Override
    public void run() {
        Session session = new Session(root, spec);
        try (AssetgateClient client = session.client()) {
            AssetCache cache = AssetCache.open(client, session.home().resolve("cache"), ttl, cacheSize);
            AssetCache.Result result = cache.get(id, variant);
            if ("-".equals(output)) {
                Files.copy(result.file(), System.out);
                System.out.flush();
            } else {
                Path target = Path.of(output != null ? output : defaultName(client));
                Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), ".assetgate-", ".tmp");
                Files.copy(result.file(), temp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("id", id);
                fields.put("file", target.toString());
                fields.put("size", Files.size(target));
                fields.put("stale", result.stale());
                session.out.result(fields, "saved " + target + " (" + Output.size(Files.size(target)) + ")");
            }
            if (result.stale()) {
                session.out.note("note: the server is unreachable; this is the cached copy from " + result.fetchedAt());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String defaultName(AssetgateClient client) {
        try {
            // MUST: a name that comes from the server never chooses the directory.
            String name = Path.of(client.asset(id).filename()).getFileName().toString();
            return variant == null ? name : variant + "-" + name;
        } catch (AssetgateException offline) {
            return variant == null ? id : id + "-" + variant;
        }
    }
}
