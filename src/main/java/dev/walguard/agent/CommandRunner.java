package dev.walguard.agent;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;

/** The picocli wiring {@code node-scan} and {@code node-agent} share: errors as one line, and exit code 2. */
final class CommandRunner {

    static final int ERROR = 2;

    private CommandRunner() {}

    static int execute(Object command, String name, String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(command)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    err.println("walguard " + name + ": " + e.getMessage());
                    return ERROR;
                });
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("walguard " + name + ": " + e.getMessage());
            e.getCommandLine().usage(err);
            return ERROR;
        });
        return cli.execute(args);
    }
}
