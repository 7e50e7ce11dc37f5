package dev.walguard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The audit's Job store keeps of a Job's status only the condition that says it finished. */
class WorkloadKindTest {

    @ParameterizedTest(name = "condition {0}={1}: kept {2}")
    @CsvSource({"Complete, True, true", "Failed, True, true", "Complete, False, false", "Suspended, True, false"})
    void aJobKeepsOnlyItsFinishedCondition(String type, String status, boolean kept) {
        Job job = new JobBuilder()
                .withNewMetadata()
                .withName("migrate")
                .withNamespace("apps")
                .endMetadata()
                .withNewStatus()
                .withActive(1)
                .addNewCondition()
                .withType(type)
                .withStatus(status)
                .endCondition()
                .endStatus()
                .build();

        Job trimmed = WorkloadKind.JOBS.trim(job);

        if (kept) {
            assertThat(trimmed.getStatus().getActive()).isNull();
            assertThat(trimmed.getStatus().getConditions())
                    .extracting(JobCondition::getType, JobCondition::getStatus)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(type, status));
        } else {
            assertThat(trimmed.getStatus()).isNull();
        }
    }
}
