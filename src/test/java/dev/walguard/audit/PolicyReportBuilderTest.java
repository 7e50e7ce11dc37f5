package dev.walguard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report content, built without an API server. */
class PolicyReportBuilderTest {

    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000, 123_456_789);
    private static final Map<String, Object> TIMESTAMP = Map.of("seconds", 1_700_000_000L, "nanos", 0);

    private static WorkloadResult workload(String name, String rule, String ruleName, String message) {
        return new WorkloadResult(
                "apps",
                "Deployment",
                "apps/v1",
                name,
                "uid-" + name,
                "enforce",
                List.of(new WorkloadResult.FindingResult(
                        rule,
                        ruleName,
                        "violation",
                        message,
                        "data",
                        "data",
                        "fast",
                        "nfs.csi.k8s.io",
                        List.of("app"))));
    }

    @Test
    void theReportOfANamespaceCarriesOneResultPerFindingAndOnePassPerCleanWorkload() {
        GenericKubernetesResource r = PolicyReportBuilder.build(
                ReportKind.OPEN_REPORT,
                "apps",
                List.of(
                        workload("db", "WAL001", "network-filesystem", "WAL001 m"),
                        new WorkloadResult("apps", "StatefulSet", "apps/v1", "clean", "u2", "audit", List.of())),
                Instant.ofEpochSecond(1_700_000_000));
        assertThat(r.getApiVersion()).isEqualTo("openreports.io/v1alpha1");
        assertThat(r.getKind()).isEqualTo("Report");
        assertThat(r.getMetadata().getName()).isEqualTo("walguard");
        assertThat(r.<Map<String, Object>>get("summary"))
                .isEqualTo(Map.of("pass", 1, "fail", 1, "warn", 0, "error", 0, "skip", 0));
        List<Map<String, Object>> results = r.get("results");
        assertThat(results).hasSize(2);
        assertThat(results.get(0))
                .containsEntry("rule", "WAL001")
                .containsEntry("result", "fail")
                .containsEntry("severity", "high")
                .containsEntry("message", "WAL001 m")
                .containsEntry("timestamp", Map.of("seconds", 1_700_000_000L, "nanos", 0))
                .containsEntry(
                        "resources",
                        List.of(Map.of(
                                "apiVersion",
                                "apps/v1",
                                "kind",
                                "Deployment",
                                "namespace",
                                "apps",
                                "name",
                                "db",
                                "uid",
                                "uid-db")));
        assertThat(results.get(1)).containsEntry("result", "pass").doesNotContainKey("severity");
    }

    @Test
    void aViolationAWarningAndACleanWorkloadGiveExactlyFailWarnAndPass() {
        WorkloadResult violating = workload("db", "WAL001", "network-filesystem", "WAL001 on nfs");
        // A warning without claim, class, driver or containers: those properties are left out, not empty.
        WorkloadResult warned = new WorkloadResult(
                "apps",
                "CronJob",
                "batch/v1",
                "backup",
                null,
                "audit",
                List.of(new WorkloadResult.FindingResult(
                        "WAL006",
                        "uid-unverifiable",
                        "warning",
                        "WAL006 maybe",
                        "cache",
                        null,
                        null,
                        null,
                        List.of())));
        WorkloadResult clean = new WorkloadResult("apps", "StatefulSet", "apps/v1", "clean", "u2", "audit", List.of());

        GenericKubernetesResource r =
                PolicyReportBuilder.build(ReportKind.POLICY_REPORT, "apps", List.of(violating, warned, clean), NOW);

        assertThat(r.getApiVersion()).isEqualTo("wgpolicyk8s.io/v1alpha2");
        assertThat(r.getKind()).isEqualTo("PolicyReport");
        assertThat(r.getMetadata().getName()).isEqualTo("walguard");
        assertThat(r.getMetadata().getNamespace()).isEqualTo("apps");
        assertThat(r.getMetadata().getLabels()).isEqualTo(Map.of("app.kubernetes.io/managed-by", "walguard"));
        assertThat(r.getMetadata().getResourceVersion()).isNull();
        assertThat(r.getAdditionalProperties().keySet()).containsExactlyInAnyOrder("summary", "results");
        assertThat(r.<Map<String, Object>>get("summary").entrySet())
                .containsExactly(
                        Map.entry("pass", 1),
                        Map.entry("fail", 1),
                        Map.entry("warn", 1),
                        Map.entry("error", 0),
                        Map.entry("skip", 0));

        List<Map<String, Object>> results = r.get("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0))
                .isEqualTo(Map.of(
                        "policy",
                        "walguard",
                        "rule",
                        "WAL001",
                        "result",
                        "fail",
                        "severity",
                        "high",
                        "message",
                        "WAL001 on nfs",
                        "source",
                        "walguard",
                        "scored",
                        true,
                        "timestamp",
                        TIMESTAMP,
                        "resources",
                        List.of(Map.of(
                                "apiVersion",
                                "apps/v1",
                                "kind",
                                "Deployment",
                                "namespace",
                                "apps",
                                "name",
                                "db",
                                "uid",
                                "uid-db")),
                        "properties",
                        Map.of(
                                "ruleName",
                                "network-filesystem",
                                "mode",
                                "enforce",
                                "volume",
                                "data",
                                "claim",
                                "data",
                                "storageClass",
                                "fast",
                                "driver",
                                "nfs.csi.k8s.io",
                                "containers",
                                "app")));
        assertThat(results.get(0).keySet())
                .containsExactly(
                        "policy",
                        "rule",
                        "result",
                        "severity",
                        "message",
                        "source",
                        "scored",
                        "timestamp",
                        "resources",
                        "properties");
        assertThat(results.get(1))
                .isEqualTo(Map.of(
                        "policy",
                        "walguard",
                        "rule",
                        "WAL006",
                        "result",
                        "warn",
                        "severity",
                        "medium",
                        "message",
                        "WAL006 maybe",
                        "source",
                        "walguard",
                        "scored",
                        true,
                        "timestamp",
                        TIMESTAMP,
                        "resources",
                        List.of(Map.of(
                                "apiVersion", "batch/v1", "kind", "CronJob", "namespace", "apps", "name", "backup")),
                        "properties",
                        Map.of("ruleName", "uid-unverifiable", "mode", "audit", "volume", "cache")));
        assertThat(results.get(2))
                .isEqualTo(Map.of(
                        "policy",
                        "walguard",
                        "rule",
                        "sqlite-wal",
                        "result",
                        "pass",
                        "message",
                        "No SQLite WAL findings for StatefulSet apps/clean.",
                        "source",
                        "walguard",
                        "scored",
                        true,
                        "timestamp",
                        TIMESTAMP,
                        "resources",
                        List.of(Map.of(
                                "apiVersion",
                                "apps/v1",
                                "kind",
                                "StatefulSet",
                                "namespace",
                                "apps",
                                "name",
                                "clean",
                                "uid",
                                "u2")),
                        "properties",
                        Map.of("mode", "audit")));
    }

    @Test
    void severalFindingsOfOneWorkloadEachGetAResultAndMultipleContainersAreCommaSeparated() {
        WorkloadResult w = new WorkloadResult(
                "apps",
                "Deployment",
                "apps/v1",
                "db",
                "uid-db",
                "enforce",
                List.of(
                        new WorkloadResult.FindingResult(
                                "WAL002",
                                "uid-mismatch",
                                "violation",
                                "WAL002 m",
                                "data",
                                "shared",
                                "local-path",
                                "rancher.io/local-path",
                                List.of("app", "apps/other/side")),
                        new WorkloadResult.FindingResult(
                                "WAL003",
                                "storage-unknown",
                                "warning",
                                "WAL003 m",
                                "data",
                                "shared",
                                null,
                                null,
                                List.of())));

        GenericKubernetesResource r = PolicyReportBuilder.build(ReportKind.POLICY_REPORT, "apps", List.of(w), NOW);

        assertThat(r.<Map<String, Object>>get("summary"))
                .isEqualTo(Map.of("pass", 0, "fail", 1, "warn", 1, "error", 0, "skip", 0));
        List<Map<String, Object>> results = r.get("results");
        assertThat(results)
                .extracting(m -> m.get("rule") + " " + m.get("result"))
                .containsExactly("WAL002 fail", "WAL003 warn");
        assertThat(results.get(0).get("properties"))
                .isEqualTo(Map.of(
                        "ruleName",
                        "uid-mismatch",
                        "mode",
                        "enforce",
                        "volume",
                        "data",
                        "claim",
                        "shared",
                        "storageClass",
                        "local-path",
                        "driver",
                        "rancher.io/local-path",
                        "containers",
                        "app,apps/other/side"));
        assertThat(results.get(1).get("properties"))
                .isEqualTo(
                        Map.of("ruleName", "storage-unknown", "mode", "enforce", "volume", "data", "claim", "shared"));
    }

    @Test
    void theResultsOfADetectedWorkloadSayWhichAppsItWasDetectedAs() {
        WorkloadResult finding = new WorkloadResult(
                "media",
                "Deployment",
                "apps/v1",
                "sonarr",
                "uid-sonarr",
                "audit",
                "Sonarr",
                List.of(new WorkloadResult.FindingResult(
                        "WAL001",
                        "network-filesystem",
                        "violation",
                        "WAL001 m",
                        "config",
                        "config",
                        "nfs",
                        "nfs.csi.k8s.io",
                        List.of("sonarr"))));
        WorkloadResult clean = new WorkloadResult(
                "media", "StatefulSet", "apps/v1", "media-stack", "u2", "audit", "Sonarr, Radarr", List.of());

        List<Map<String, Object>> results = PolicyReportBuilder.build(
                        ReportKind.POLICY_REPORT, "media", List.of(finding, clean), NOW)
                .get("results");

        assertThat(results.get(0).get("properties"))
                .isEqualTo(Map.of(
                        "ruleName",
                        "network-filesystem",
                        "mode",
                        "audit",
                        "detected",
                        "Sonarr",
                        "volume",
                        "config",
                        "claim",
                        "config",
                        "storageClass",
                        "nfs",
                        "driver",
                        "nfs.csi.k8s.io",
                        "containers",
                        "sonarr"));
        assertThat(results.get(1))
                .containsEntry("result", "pass")
                .containsEntry("properties", Map.of("mode", "audit", "detected", "Sonarr, Radarr"));
    }

    @Test
    void aNamespaceWithoutWorkloadsGivesAnEmptyReport() {
        GenericKubernetesResource r = PolicyReportBuilder.build(ReportKind.POLICY_REPORT, "apps", List.of(), NOW);

        assertThat(r.<Map<String, Object>>get("summary"))
                .isEqualTo(Map.of("pass", 0, "fail", 0, "warn", 0, "error", 0, "skip", 0));
        assertThat(r.<List<Object>>get("results")).isEmpty();
    }
}
