package dev.walguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code scan --exceptions} on ScanExceptionsTest/uptime-kuma.yaml, whose Deployment ignores WAL001 (a violation:
 * NFS) and WAL004 (a warning: a read-only backup mount): output and exit codes, exactly.
 */
class ScanExceptionsTest {

    private static final String FILE = Path.of(
                    "src/test/resources/dev/walguard/cli/ScanExceptionsTest/uptime-kuma.yaml")
            .toString();
    private static final String REASON = "single replica pinned to the NAS node; backups read a snapshot";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "by default the violation stays in effect and fails, the warning is ignored",
                        List.of(),
                        1,
                        List.of("WAL001 violation:", "WAL004 warning (ignored):"),
                        "walguard: 1 violation, 0 warnings, 1 ignored in 1 of 1 workload"),
                Arguments.of(
                        "with all both are ignored and the scan passes",
                        List.of("--exceptions", "all"),
                        0,
                        List.of("WAL001 violation (ignored):", "WAL004 warning (ignored):"),
                        "walguard: 0 violations, 0 warnings, 2 ignored in 1 of 1 workload"),
                Arguments.of(
                        "with all an ignored warning does not fail --fail-on warning",
                        List.of("--exceptions", "ALL", "--fail-on", "warning"),
                        0,
                        List.of("WAL001 violation (ignored):", "WAL004 warning (ignored):"),
                        "walguard: 0 violations, 0 warnings, 2 ignored in 1 of 1 workload"),
                Arguments.of(
                        "with none nothing is ignored",
                        List.of("--exceptions", "none", "--fail-on", "warning"),
                        1,
                        List.of("WAL001 violation:", "WAL004 warning:"),
                        "walguard: 1 violation, 1 warning in 1 of 1 workload"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void exceptionsDecideWhatIsIgnored(
            String description, List<String> flags, int code, List<String> lines, String summary) {
        List<String> args = new ArrayList<>(List.of("-f", FILE));
        args.addAll(flags);

        ScanCommandTest.Run run = ScanCommandTest.scan("", args.toArray(String[]::new));

        assertThat(run.code()).isEqualTo(code);
        List<String> out = run.out().lines().toList();
        assertThat(out.get(0)).isEqualTo("Deployment monitoring/uptime-kuma (" + FILE + ":20)");
        assertThat(out.subList(1, out.size() - 1))
                .zipSatisfy(lines, (line, start) -> assertThat(line).startsWith("  " + start));
        assertThat(out).hasSize(lines.size() + 2).last().isEqualTo(summary);
        assertThat(out.subList(1, out.size() - 1))
                .allSatisfy(line -> assertThat(line.endsWith(" Ignored (walguard.dev/ignore): " + REASON))
                        .isEqualTo(line.contains("(ignored):")));
        assertThat(run.err()).isEmpty();
    }

    @Test
    void jsonMarksTheIgnoredFindingWithItsReasonAndCountsIt() throws IOException {
        ScanCommandTest.Run run = ScanCommandTest.scan("", "-f", FILE, "-o", "json");

        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.path("findings"))
                .extracting(f -> f.path("rule").asText() + " " + f.path("ignoreReason"))
                .containsExactly("WAL001 null", "WAL004 \"" + REASON + "\"");
        assertThat(report.path("summary").toString())
                .isEqualTo("{\"workloads\":1,\"violations\":1,\"warnings\":0,\"ignored\":1}");
        assertThat(run.code()).isEqualTo(1);
    }

    @Test
    void sarifListsTheIgnoredFindingAsSuppressedInSource() throws IOException {
        ScanCommandTest.Run run = ScanCommandTest.scan("", "-f", FILE, "-o", "sarif");

        JsonNode results =
                new ObjectMapper().readTree(run.out()).path("runs").get(0).path("results");
        assertThat(results.get(0).has("suppressions")).isFalse();
        assertThat(results.get(1).path("ruleId").asText()).isEqualTo("WAL004");
        assertThat(results.get(1).path("suppressions").toString())
                .isEqualTo("[{\"kind\":\"inSource\",\"justification\":\"" + REASON + "\"}]");
    }

    @Test
    void anUnknownExceptionsValueIsAUsageError() {
        ScanCommandTest.Run run = ScanCommandTest.scan("", "-f", FILE, "--exceptions", "some");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("walguard scan: Invalid value for option '--exceptions': expected one of [WARNINGS, ALL,"
                        + " NONE] (case-insensitive) but was 'some'\n");
    }
}
