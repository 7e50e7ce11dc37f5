package dev.walguard.app;

import dev.walguard.agent.NodeAgentCommand;
import dev.walguard.agent.NodeScanCommand;
import dev.walguard.cli.ScanCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Arrays;

/**
 * One artifact, several uses: {@code java -jar quarkus-run.jar} starts the webhook; {@code ... scan -f FILE} runs the
 * same policy on manifests and exits; {@code node-scan} reports what a node's pod volumes really are and
 * {@code node-agent} does so continuously (docs/node-agent.md). None of the three boots Quarkus (no port, no banner).
 */
@QuarkusMain
public class Main {

    public static void main(String... args) {
        if (args.length > 0 && "scan".equals(args[0])) {
            System.exit(ScanCommand.run(Arrays.copyOfRange(args, 1, args.length), System.in, System.out, System.err));
        }
        if (args.length > 0 && "node-scan".equals(args[0])) {
            System.exit(NodeScanCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && "node-agent".equals(args[0])) {
            System.exit(NodeAgentCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        Quarkus.run(args);
    }

    private Main() {}
}
