package io.assetgate.cli;

import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top command: global options shared by every subcommand. */
@Command(name = "assetgate", mixinStandardHelpOptions = true, version = "assetgate 0.1.0",
        description = "Upload, list, download and delete assets on an Assetgate server.",
        subcommands = {LoginCommand.class, LogoutCommand.class, UploadCommand.class, QueueCommand.class,
            ListCommand.class, GetCommand.class, RemoveCommand.class})
public final class AssetgateCommand implements Runnable {

    final Map<String, String> env;

    @Option(names = "--server", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "The server's URL (or ASSETGATE_SERVER).")
    String server;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
            description = "A bearer token to use instead of the stored login (or ASSETGATE_TOKEN).")
    String token;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "One JSON object per line, for scripts.")
    boolean json;

    @Option(names = "--retries", scope = ScopeType.INHERIT, defaultValue = "5", paramLabel = "N",
            description = "Attempts per request on network errors and 5xx (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--stacktrace", scope = ScopeType.INHERIT, description = "Show the stack trace of errors.")
    boolean stacktrace;

    AssetgateCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public void run() {
        throw new ErrorHandler.UsageException("a command is required (login, logout, upload, queue, ls, get, rm); "
                + "try 'assetgate --help'");
    }
}
