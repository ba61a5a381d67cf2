package io.assetgate.cli;

import java.io.PrintWriter;

import io.assetgate.client.AssetgateException;
import picocli.CommandLine;

/**
 * Turns failures into one clear line and an exit code: 2 for bad usage, 1 for anything else.
 * The stack trace is shown only with {@code --stacktrace}.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    static final int FAILURE = 1;
    static final int USAGE = 2;

    private final AssetgateCommand root;

    ErrorHandler(AssetgateCommand root) {
        this.root = root;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof UsageException) {
            err.println("assetgate: " + e.getMessage());
            err.flush();
            return USAGE;
        }
        String message = e instanceof AssetgateException ? e.getMessage()
                : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        err.println("assetgate: error: " + oneLine(message));
        if (root.stacktrace) {
            e.printStackTrace(err);
        }
        err.flush();
        return FAILURE;
    }

    static int usage(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("assetgate: " + oneLine(e.getMessage()));
        err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return USAGE;
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    /** Bad input that parsing could not catch (a missing server URL, say): exit code 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
