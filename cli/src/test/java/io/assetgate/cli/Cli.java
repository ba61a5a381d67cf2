package io.assetgate.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs the real {@code assetgate} command in this JVM, with its own environment, capturing its output. */
final class Cli {

    private final Map<String, String> env;

    Cli(Map<String, String> env) {
        this.env = env;
    }

    /** The outcome of one command. {@code err} may be read while the command still runs. */
    record Run(int exitCode, String out, String err) {
    }

    Run run(String... args) {
        return run(new StringWriter(), args);
    }

    Run run(StringWriter err, String... args) {
        StringWriter out = new StringWriter();
        int code = Main.commandLine(env, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
