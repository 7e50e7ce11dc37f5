package dev.walguard.cli;

import dev.walguard.cluster.ManifestReader;
import dev.walguard.cluster.ManifestReader.Manifest;
import dev.walguard.policy.Detection;
import dev.walguard.policy.ErrorText;
import dev.walguard.policy.Exceptions;
import dev.walguard.policy.Mode;
import dev.walguard.policy.PolicySettings;
import dev.walguard.policy.RollbackJournal;
import dev.walguard.policy.Severity;
import dev.walguard.policy.StoragePatterns;
import dev.walguard.policy.UnknownStorage;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code walguard scan}: the webhook's checks on manifests, for CI pipelines. */
@Command(
        name = "scan",
        mixinStandardHelpOptions = true,
        versionProvider = ScanCommand.Version.class,
        description = {
            "Evaluates every workload in Kubernetes manifests as the walguard webhook would on CREATE in "
                    + "enforce mode.",
            "Exit codes: 0 no violations, 1 violations (see --fail-on), 2 usage or input errors."
        },
        sortOptions = false)
public final class ScanCommand implements Callable<Integer> {

    /** How findings become the exit code. */
    enum FailOn {
        violation,
        warning,
        none
    }

    /** Output formats. */
    enum Output {
        text,
        json,
        sarif
    }

    static final int OK = 0;
    static final int FINDINGS = 1;
    static final int ERROR = 2;

    @Option(
            names = {"-f", "--filename"},
            required = true,
            paramLabel = "FILE|DIR|-",
            description = "Manifests to scan: a YAML/JSON file (multi-document and List allowed), a directory "
                    + "(read recursively), or - for standard input. Repeatable.")
    List<String> inputs = new ArrayList<>();

    @Option(
            names = "--cluster-state",
            paramLabel = "DIR|FILE",
            description = "Existing cluster objects (StorageClasses, PVs, PVCs, Namespaces, Pods, ...), in the "
                    + "format of walguard.cluster-state. Repeatable.")
    List<Path> clusterState = new ArrayList<>();

    @Option(
            names = "--kubeconfig",
            arity = "0..1",
            fallbackValue = "",
            paramLabel = "PATH",
            description = "Also read storage and pods from a live cluster, with this kubeconfig (or the default "
                    + "one when no PATH is given). Read-only.")
    String kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "The kubeconfig context (default: current).")
    String context;

    @Option(
            names = {"-n", "--namespace"},
            defaultValue = "default",
            paramLabel = "NS",
            description = "Namespace of objects that name none (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(
            names = {"-o", "--output"},
            defaultValue = "text",
            description = "text, json or sarif (default: ${DEFAULT-VALUE}).")
    Output output;

    @Option(
            names = "--fail-on",
            defaultValue = "violation",
            description =
                    "violation, warning or none: which findings make the exit code 1 (default: " + "${DEFAULT-VALUE}).")
    FailOn failOn;

    @Option(
            names = "--unknown-storage",
            defaultValue = "warn",
            description = "warn or deny: whether WAL003 (unclassifiable storage) is a warning or a violation.")
    UnknownStorage unknownStorage;

    @Option(
            names = "--exceptions",
            defaultValue = "warnings",
            description = "warnings, all or none: which findings a workload's walguard.dev/ignore may set aside "
                    + "(default: ${DEFAULT-VALUE}, only findings that are warnings). Ignored findings are listed, "
                    + "marked ignored with their reason, and never change the exit code.")
    Exceptions exceptions;

    @Option(
            names = "--detect",
            defaultValue = "images",
            description = "images or off: whether workloads without the walguard.dev/sqlite-wal annotation that run a"
                    + " known SQLite app's image are checked (default: ${DEFAULT-VALUE}).")
    Detection detect;

    @Option(
            names = "--rollback-journal",
            defaultValue = "warn",
            description = "warn or deny: whether WAL007 (a detected rollback-journal database on a network"
                    + " filesystem) is a warning or a violation.")
    RollbackJournal rollbackJournal;

    @Option(
            names = "--storage-network",
            split = ",",
            paramLabel = "PATTERN",
            description = "Extra driver patterns (* glob) to treat as network filesystems.")
    List<String> storageNetwork = new ArrayList<>();

    @Option(
            names = "--storage-block",
            split = ",",
            paramLabel = "PATTERN",
            description = "Extra driver patterns to treat as block storage.")
    List<String> storageBlock = new ArrayList<>();

    @Option(
            names = "--storage-local",
            split = ",",
            paramLabel = "PATTERN",
            description = "Extra driver patterns to treat as node-local storage.")
    List<String> storageLocal = new ArrayList<>();

    private InputStream stdin = System.in;
    private PrintStream out = System.out;
    private PrintStream err = System.err;

    /** Runs a scan with these arguments and streams; returns the exit code. Never calls System.exit. */
    public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        ScanCommand command = new ScanCommand();
        command.stdin = stdin;
        command.out = out;
        command.err = err;
        CommandLine cli = new CommandLine(command)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    err.println("walguard scan: " + e.getMessage());
                    return ERROR;
                });
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("walguard scan: " + e.getMessage());
            e.getCommandLine().usage(err);
            return ERROR;
        });
        return cli.execute(args);
    }

    /**
     * Every failure is exit 2 with a message in words, Errors included: an OutOfMemoryError escaping as exit 1
     * would read as "violations found", and a stack trace is no message for a CI log.
     */
    @Override
    public Integer call() {
        try {
            return scan();
        } catch (ManifestReader.ManifestException e) {
            return error(e.getMessage());
        } catch (KubernetesClientException e) {
            return error("cannot read the cluster: " + ErrorText.firstLine(e.getMessage(), "no answer"));
        } catch (IOException e) {
            return error("cannot read " + ErrorText.firstLine(e.getMessage(), "the input"));
        } catch (OutOfMemoryError e) {
            return error("out of memory: the input is too large for this heap; raise it with java -Xmx");
        } catch (StackOverflowError e) {
            return error("the input is nested too deeply to evaluate");
        } catch (Throwable e) { // NOPMD: the exit code must stay 2 whatever fails
            return error("internal error while scanning; please report it with the input that caused it");
        }
    }

    private int error(String message) {
        out.flush();
        err.println("walguard scan: " + message);
        return ERROR;
    }

    private Integer scan() throws IOException {
        PolicySettings settings = new PolicySettings(
                Mode.ENFORCE,
                new HashSet<>(PolicySettings.DEFAULT_EXEMPT),
                unknownStorage,
                StoragePatterns.of(storageNetwork, storageBlock, storageLocal),
                detect,
                rollbackJournal,
                exceptions);
        ManifestReader reader = new ManifestReader();
        List<Manifest> manifests = new ArrayList<>();
        for (String input : inputs) {
            manifests.addAll("-".equals(input) ? reader.read(stdin, "-") : reader.read(Path.of(input)));
        }
        // Duplicates within one source are refused; the input overriding --cluster-state is intended (it is what
        // is about to be applied), and Scanner lets it.
        ManifestReader.rejectDuplicates(manifests, namespace);
        List<Manifest> stateManifests = new ArrayList<>();
        for (Path p : clusterState) {
            stateManifests.addAll(reader.read(p));
        }
        ManifestReader.rejectDuplicates(stateManifests, null);
        List<HasMetadata> state = new ArrayList<>();
        stateManifests.forEach(m -> state.add(m.object()));
        if (kubeconfig != null) {
            state.addAll(LiveClusterState.read(kubeconfig, context));
        }
        ScanResult result = new Scanner(settings).scan(manifests, state, namespace);
        switch (output) {
            case json -> Reports.json(result, out);
            case sarif -> Reports.sarif(result, out, Version.version());
            default -> Reports.text(result, out);
        }
        out.flush();
        boolean fail = switch (failOn) {
            case violation -> result.count(Severity.VIOLATION) > 0;
            case warning -> result.count(Severity.VIOLATION) + result.count(Severity.WARNING) > 0;
            case none -> false;
        };
        return fail ? FINDINGS : OK;
    }

    /** The version from the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        static String version() {
            String v = ScanCommand.class.getPackage().getImplementationVersion();
            return v == null ? "dev" : v;
        }

        @Override
        public String[] getVersion() {
            return new String[] {"walguard " + version()};
        }
    }
}
