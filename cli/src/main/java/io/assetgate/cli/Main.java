package io.assetgate.cli;

import java.io.PrintWriter;
import java.util.Map;

import picocli.CommandLine;

/** Entry point of the {@code assetgate} command. Exit codes: 0 ok, 2 bad usage, 1 any failure. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /** The configured command line, with an environment (tests pass their own). */
    public static CommandLine commandLine(Map<String, String> env) {
        AssetgateCommand root = new AssetgateCommand(env);
        CommandLine cli = new CommandLine(root);
        cli.setExecutionExceptionHandler(new ErrorHandler(root));
        cli.setParameterExceptionHandler(ErrorHandler::usage);
        return cli;
    }

    /** Same, writing to the given streams. */
    public static CommandLine commandLine(Map<String, String> env, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine(env);
        cli.setOut(out);
        cli.setErr(err);
        return cli;
    }
}
