package io.assetgate.cli;

import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Forgets the stored login. */
@Command(name = "logout", description = "Forget the stored login.")
final class LogoutCommand implements Runnable {

    @ParentCommand
    AssetgateCommand root;
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        Session session = new Session(root, spec);
        boolean was = Credentials.delete(session.home());
        session.out.result(Map.of("loggedIn", false), was ? "Logged out" : "Not logged in");
    }
}
