package dev.walguard.app;

import dev.walguard.cli.ScanCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Arrays;

/**
 * One artifact, two uses: {@code java -jar quarkus-run.jar} starts the webhook; {@code ... scan -f FILE} runs the
 * same policy on manifests and exits, without booting Quarkus (no port, no banner).
 */
@QuarkusMain
public class Main {

    public static void main(String... args) {
        if (args.length > 0 && "scan".equals(args[0])) {
            System.exit(ScanCommand.run(Arrays.copyOfRange(args, 1, args.length), System.in, System.out, System.err));
        }
        Quarkus.run(args);
    }

    private Main() {}
}
