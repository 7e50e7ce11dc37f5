package dev.walguard.cli;

import static dev.walguard.cli.ScanCommandTest.scan;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walguard.cli.ScanCommandTest.Run;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code scan --detect}: unannotated Sonarr and Grafana renders on an NFS default class. */
class ScanDetectionTest {

    private static final String MEDIA = Path.of("src/test/resources/dev/walguard/cli/ScanDetectionTest/media.yaml")
            .toString();

    static Stream<Arguments> flags() {
        return Stream.of(
                Arguments.of(
                        "by default Sonarr violates WAL001 and Grafana warns WAL007, so the scan exits 1",
                        new String[] {"-f", MEDIA},
                        1,
                        "walguard: 1 violation, 1 warning in 2 of 2 workloads\n"),
                Arguments.of(
                        "--detect images is the default",
                        new String[] {"-f", MEDIA, "--detect", "images"},
                        1,
                        "walguard: 1 violation, 1 warning in 2 of 2 workloads\n"),
                Arguments.of(
                        "--detect off checks only annotated workloads: nothing, exit 0",
                        new String[] {"-f", MEDIA, "--detect", "off"},
                        0,
                        "walguard: 0 violations, 0 warnings in 0 of 2 workloads\n"),
                Arguments.of(
                        "--rollback-journal deny makes Grafana's WAL007 a violation",
                        new String[] {"-f", MEDIA, "--rollback-journal", "deny"},
                        1,
                        "walguard: 2 violations, 0 warnings in 2 of 2 workloads\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flags")
    void detectFlags(String name, String[] args, int code, String summary) {
        Run run = scan("", args);

        assertThat(run.err()).isEmpty();
        assertThat(run.code()).isEqualTo(code);
        assertThat(run.out()).endsWith(summary);
    }

    @Test
    void textOutputNamesTheDetectedAppBesideTheWorkload() {
        Run run = scan("", "-f", MEDIA);

        assertThat(run.out().lines().filter(l -> !l.startsWith(" ")).toList())
                .containsExactly(
                        "Deployment media/sonarr (" + MEDIA + ":14) detected: Sonarr",
                        "Deployment media/grafana (" + MEDIA + ":49) detected: Grafana",
                        "walguard: 1 violation, 1 warning in 2 of 2 workloads");
        assertThat(run.out())
                .contains("  WAL007 warning: Deployment media/grafana container grafana cannot keep a SQLite database"
                        + " in rollback-journal mode safely on volume \"storage\"");
    }

    @Test
    void jsonAndSarifCarryTheDetectedApp() throws IOException {
        JsonNode json =
                new ObjectMapper().readTree(scan("", "-f", MEDIA, "-o", "json").out());
        assertThat(json.path("findings").get(0).path("rule").asText()).isEqualTo("WAL001");
        assertThat(json.path("findings").get(0).path("detected").asText()).isEqualTo("Sonarr");
        assertThat(json.path("findings").get(1).path("rule").asText()).isEqualTo("WAL007");
        assertThat(json.path("findings").get(1).path("detected").asText()).isEqualTo("Grafana");

        JsonNode sarif =
                new ObjectMapper().readTree(scan("", "-f", MEDIA, "-o", "sarif").out());
        JsonNode results = sarif.path("runs").get(0).path("results");
        assertThat(results.get(0).path("properties").path("detected").asText()).isEqualTo("Sonarr");
        assertThat(results.get(1).path("ruleId").asText()).isEqualTo("WAL007");
        assertThat(results.get(1).path("ruleIndex").asInt()).isEqualTo(7);
        JsonNode rules = sarif.path("runs").get(0).path("tool").path("driver").path("rules");
        assertThat(rules.get(7).path("name").asText()).isEqualTo("rollback-journal-network");
    }
}
