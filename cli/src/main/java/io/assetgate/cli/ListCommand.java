package io.assetgate.cli;

import io.assetgate.client.Asset;
import io.assetgate.client.AssetgateClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Lists the caller's assets, newest first. */
@Command(name = "ls", description = "List your assets, newest first.")
final class ListCommand implements Runnable {

    @ParentCommand
    AssetgateCommand root;
    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--limit"}, defaultValue = "50", description = "How many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = {"-a", "--all"}, description = "All of them, page after page.")
    boolean all;

    @Override
    public void run() {
        Session session = new Session(root, spec);
        try (AssetgateClient client = session.client()) {
            String cursor = null;
            int shown = 0;
            do {
                Asset.Page page = client.list(all ? 100 : Math.min(limit - shown, 100), cursor);
                for (Asset a : page.items()) {
                    session.out.result(Output.asset(a), String.format("%-36s  %-11s  %9s  %s  %s", a.id(), a.state(),
                            Output.size(a.size()), a.createdAt(), a.filename()));
                    shown++;
                }
                cursor = page.nextCursor();
            } while (cursor != null && (all || shown < limit));
        }
    }
}
