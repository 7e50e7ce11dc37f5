package dev.walguard.bench;

import dev.walguard.admission.AdmissionReviewHandler;
import dev.walguard.admission.Handlers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Runs each {@link CraftedReviews crafted review} through the in-process admission handler at size n and 4n, where
 * 4n is the largest that fits the API server's 3 MiB (times {@code walguard.bench.scale}), and prints the least
 * time of each (min of N after warm-up: what the code costs, with the least of other processes' noise) and their
 * ratio: about 4 is linear, 16 quadratic. Run by {@code bench/complexity.sh}; skipped in
 * the normal test run (it needs {@code -Dwalguard.bench.complexity}).
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "walguard.bench.complexity", matches = ".+")
class ComplexityBenchmark {

    /** Every crafted review at the API server's size limit must be answered within this much CPU time. */
    private static final double TARGET_MS = 50;

    @Test
    void timeEachCraftedReviewAtNAnd4n() throws IOException {
        double scale = Double.parseDouble(System.getProperty("walguard.bench.scale", "1"));
        int runs = Integer.getInteger("walguard.bench.runs", 9);
        String only = System.getProperty("walguard.bench.complexity");
        AdmissionReviewHandler handler = Handlers.handler(Handlers.EXAMPLE_CLUSTER, new SimpleMeterRegistry());
        StringBuilder table = new StringBuilder(String.format(
                Locale.ROOT,
                "| review | bytes (n) | ms (n) | bytes (4n) | ms (4n) | ratio | cpu ms (n) | cpu ms (4n) | cpu ratio "
                        + "| unmarked cpu ms (4n) | response bytes (4n) | 4n cpu < %.0f ms |%n"
                        + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|%n",
                TARGET_MS));
        for (Map.Entry<String, IntFunction<byte[]>> e : CraftedReviews.ALL.entrySet()) {
            if (!"all".equals(only) && !Arrays.asList(only.split(",")).contains(e.getKey())) {
                continue;
            }
            int big = (int) (CraftedReviews.largestN(e.getValue()) * scale);
            byte[] small = e.getValue().apply(big / 4);
            byte[] large = e.getValue().apply(big);
            double[] msSmall = leastMillis(handler, small, runs);
            double[] msLarge = leastMillis(handler, large, runs);
            // The same bytes, unmarked: what reading and binding the review costs before any rule runs.
            double[] msUnmarked = leastMillis(handler, unmarked(large), runs);
            int answer = answerBytes(handler, large);
            String row = String.format(
                    Locale.ROOT,
                    "| %s | %,d | %.2f | %,d | %.2f | %.1f | %.2f | %.2f | %.1f | %.2f | %,d | %s |%n",
                    e.getKey(),
                    small.length,
                    msSmall[0],
                    large.length,
                    msLarge[0],
                    msLarge[0] / msSmall[0],
                    msSmall[1],
                    msLarge[1],
                    msLarge[1] / msSmall[1],
                    msUnmarked[1],
                    answer,
                    scale < 1 ? "(scaled)" : msLarge[1] < TARGET_MS ? "yes" : "**no**");
            System.out.print(row);
            table.append(row);
        }
        String machine = String.format(
                Locale.ROOT,
                "%n%d cores, %s %s, load average %.2f, least of %d runs each%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                runs);
        table.append(machine);
        System.out.println();
        System.out.println(table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/complexity.md"), table.toString());
    }

    /**
     * Warms the JIT up on the review, then times {@code runs} answers and returns the least wall time and the least
     * CPU time of this thread (which other processes on a busy machine inflate much less; the collector's threads
     * are not in it).
     */
    private static double[] leastMillis(AdmissionReviewHandler handler, byte[] review, int runs) {
        long warmUntil = System.nanoTime() + 2_000_000_000L;
        for (int i = 0; i < 3 || (i < 50 && System.nanoTime() < warmUntil); i++) {
            answerBytes(handler, review);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] wall = new double[runs];
        double[] cpu = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            long startCpu = threads.getCurrentThreadCpuTime();
            answerBytes(handler, review);
            cpu[i] = (threads.getCurrentThreadCpuTime() - startCpu) / 1e6;
            wall[i] = (System.nanoTime() - start) / 1e6;
        }
        return new double[] {
            Arrays.stream(wall).min().orElseThrow(), Arrays.stream(cpu).min().orElseThrow()
        };
    }

    /** The review with its walguard.dev/sqlite-wal key renamed in place (same length): no longer marked. */
    private static byte[] unmarked(byte[] review) {
        String text = new String(review, StandardCharsets.UTF_8);
        return text.replace("\"walguard.dev/sqlite-wal\"", "\"walguard.dev/sqlite-wax\"")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static int answerBytes(AdmissionReviewHandler handler, byte[] review) {
        return handler.handle(review).length;
    }
}
