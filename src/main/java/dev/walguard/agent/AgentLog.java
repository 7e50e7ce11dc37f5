package dev.walguard.agent;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One line per event on standard error, with the time: the agent runs without Quarkus, so without its logging.
 * Messages are built from bounded values only (counts, the node's name, first lines of errors).
 */
final class AgentLog {

    private static final PrintStream OUT = System.err;

    private AgentLog() {}

    static void info(String message) {
        OUT.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " INFO  " + message);
    }

    static void warn(String message) {
        OUT.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " WARN  " + message);
    }
}
