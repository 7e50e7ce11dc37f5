package dev.walguard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.walguard.cluster.ManifestReader;
import dev.walguard.cluster.SnapshotClusterView;
import dev.walguard.policy.AdmissionPolicy;
import dev.walguard.policy.Detection;
import dev.walguard.policy.Exceptions;
import dev.walguard.policy.Mode;
import dev.walguard.policy.PolicySettings;
import dev.walguard.policy.RollbackJournal;
import dev.walguard.policy.StoragePatterns;
import dev.walguard.policy.UnknownStorage;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which workloads the background audit reports: finished bare Pods and Jobs hold no database open. */
class AuditEvaluatorTest {

    private static final Path DIR = Path.of("src/test/resources/dev/walguard/audit/AuditEvaluatorTest");

    @ParameterizedTest(name = "{0}: reported {1}")
    @CsvSource({
        "running-pod, true",
        "pending-pod, true",
        "succeeded-pod, false",
        "failed-pod, false",
        "running-job, true",
        "suspended-job, true",
        "not-yet-complete-job, true",
        "complete-job, false",
        "failed-job, false",
    })
    void aBareWorkloadIsReportedOnlyWhileItCanStillHoldTheDatabaseOpen(String file, boolean reported) {
        List<HasMetadata> objects = new ArrayList<>(read("cluster.yaml"));
        List<HasMetadata> workload = read(file + ".yaml");
        objects.addAll(workload);
        SnapshotClusterView view = new SnapshotClusterView(objects);

        Map<String, List<WorkloadResult>> results = new AuditEvaluator(new AdmissionPolicy(PolicySettings.defaults()))
                .evaluate(view.workloads(), null, view);

        if (reported) {
            assertThat(results.get("apps")).singleElement().satisfies(r -> {
                assertThat(r.name()).isEqualTo(file);
                assertThat(r.findings())
                        .extracting(WorkloadResult.FindingResult::rule)
                        .containsExactly("WAL001");
            });
        } else {
            assertThat(results).isEmpty();
        }
    }

    @ParameterizedTest(name = "detect {0}: reported {1}")
    @CsvSource({"IMAGES, true", "OFF, false"})
    void anUnannotatedWorkloadOfACataloguedImageIsReportedWhileDetectionIsOn(Detection detection, boolean reported) {
        List<HasMetadata> objects = new ArrayList<>(read("cluster.yaml"));
        objects.addAll(read("detected-deployment.yaml"));
        SnapshotClusterView view = new SnapshotClusterView(objects);
        PolicySettings settings = new PolicySettings(
                Mode.ENFORCE,
                PolicySettings.DEFAULT_EXEMPT,
                UnknownStorage.WARN,
                StoragePatterns.NONE,
                detection,
                RollbackJournal.WARN,
                Exceptions.WARNINGS);

        Map<String, List<WorkloadResult>> results =
                new AuditEvaluator(new AdmissionPolicy(settings)).evaluate(view.workloads(), null, view);

        if (reported) {
            assertThat(results.get("apps")).singleElement().satisfies(r -> {
                assertThat(r.name()).isEqualTo("detected-deployment");
                assertThat(r.detected()).isEqualTo("Sonarr");
                assertThat(r.findings()).singleElement().satisfies(f -> {
                    assertThat(f.rule()).isEqualTo("WAL001");
                    assertThat(f.volume()).isEqualTo("config");
                    assertThat(f.message())
                            .contains("(detected: image lscr.io/linuxserver/sonarr keeps /config/sonarr.db and"
                                    + " /config/logs.db in SQLite WAL mode;");
                });
            });
        } else {
            assertThat(results).isEmpty();
        }
    }

    @org.junit.jupiter.api.Test
    void aWorkloadKnownOnlyFromItsPodsIsReportedOnceHoweverManyOfThemTheAgentSaw() {
        List<HasMetadata> objects = new ArrayList<>(new ManifestReader()
                .read(Path.of("src/test/resources/dev/walguard/policy/ObservedStorageTest/cluster.yaml")).stream()
                        .map(ManifestReader.Manifest::object)
                        .toList());
        objects.addAll(read("second-sonarr-replica.yaml"));
        SnapshotClusterView view = new SnapshotClusterView(objects);

        Map<String, List<WorkloadResult>> results = new AuditEvaluator(new AdmissionPolicy(PolicySettings.defaults()))
                .evaluate(view.workloads(), null, view);

        assertThat(results.get("media"))
                .filteredOn(w -> w.name().equals("sonarr"))
                .singleElement()
                .satisfies(w -> assertThat(w.findings())
                        .extracting(WorkloadResult.FindingResult::rule)
                        .containsExactly("WAL008"));
    }

    private static List<HasMetadata> read(String file) {
        return new ManifestReader()
                .read(DIR.resolve(file)).stream()
                        .map(ManifestReader.Manifest::object)
                        .toList();
    }
}
