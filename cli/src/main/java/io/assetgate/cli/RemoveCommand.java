package io.assetgate.cli;

import java.util.List;
import java.util.Map;

import io.assetgate.client.AssetgateClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Deletes assets. */
@Command(name = "rm", description = "Delete assets.")
final class RemoveCommand implements Runnable {

    @ParentCommand
    AssetgateCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "ID", description = "The assets to delete.")
    List<String> ids;

    @Override
    public void run() {
        Session session = new Session(root, spec);
        try (AssetgateClient client = session.client()) {
            for (String id : ids) {
                client.delete(id);
                session.out.result(Map.of("id", id, "state", "DELETED"), "deleted " + id);
            }
        }
    }
}
