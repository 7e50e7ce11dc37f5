package dev.walguard.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code walguard node-scan}: what each pod volume on this node really is, and the SQLite databases on it. */
@Command(
        name = "node-scan",
        mixinStandardHelpOptions = true,
        versionProvider = AgentVersion.class,
        description = {
            "Lists every pod volume under the kubelet's directory with the filesystem that holds it (from the "
                    + "mount table) and the SQLite databases found on it, read-only and within a budget per volume.",
            "Exit codes: 0 done, 2 usage or input errors."
        },
        sortOptions = false)
public final class NodeScanCommand implements Callable<Integer> {

    static final int OK = 0;
    static final int ERROR = 2;

    /** Output formats. */
    enum Output {
        json,
        text
    }

    @Mixin
    ScanOptions options = new ScanOptions();

    @Option(
            names = {"-o", "--output"},
            defaultValue = "json",
            description = "json or text (default: ${DEFAULT-VALUE}).")
    Output output;

    private PrintStream out = System.out;
    private PrintStream err = System.err;

    /** Runs a node scan with these arguments and streams; returns the exit code. Never calls System.exit. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        NodeScanCommand command = new NodeScanCommand();
        command.out = out;
        command.err = err;
        return CommandRunner.execute(command, "node-scan", args, out, err);
    }

    @Override
    public Integer call() {
        try {
            NodeObservation observation = options.scan(options.scanner());
            if (output == Output.text) {
                ObservationJson.text(observation, out);
            } else {
                out.println(ObservationJson.of(observation).toPrettyString());
            }
            out.flush();
            return OK;
        } catch (IOException e) {
            return error("cannot read " + firstLine(e));
        } catch (IllegalArgumentException e) {
            return error(e.getMessage());
        } catch (OutOfMemoryError e) {
            return error("out of memory: raise the heap with java -Xmx or lower the scan limits");
        } catch (RuntimeException e) {
            return error("internal error while scanning (" + e.getClass().getSimpleName() + "); please report it");
        }
    }

    private int error(String message) {
        out.flush();
        err.println("walguard node-scan: " + message);
        return ERROR;
    }

    static String firstLine(Exception e) {
        String message = e.getMessage();
        if (e instanceof java.nio.file.NoSuchFileException n) {
            return n.getFile() + ": no such file or directory"
                    + (n.getReason() == null ? "" : " (" + n.getReason() + ")");
        }
        if (e instanceof java.nio.file.AccessDeniedException a) {
            return a.getFile() + ": permission denied";
        }
        return message == null
                ? e.getClass().getSimpleName()
                : message.lines().findFirst().orElse("");
    }
}
