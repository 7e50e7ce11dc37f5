package dev.walguard.cluster;

import dev.walguard.policy.Marking;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A kind with a pod template, as the audit's stores read it: where the template's metadata is (the mark may be there
 * rather than on the object) and how to drop the object's status before keeping it (all of it, but a Job's
 * finished condition).
 */
record WorkloadKind<T extends HasMetadata>(Function<T, ObjectMeta> templateMetadata, Consumer<T> dropStatus) {

    static final WorkloadKind<Deployment> DEPLOYMENTS =
            new WorkloadKind<>(d -> d.getSpec().getTemplate().getMetadata(), d -> d.setStatus(null));
    static final WorkloadKind<StatefulSet> STATEFUL_SETS =
            new WorkloadKind<>(s -> s.getSpec().getTemplate().getMetadata(), s -> s.setStatus(null));
    static final WorkloadKind<DaemonSet> DAEMON_SETS =
            new WorkloadKind<>(d -> d.getSpec().getTemplate().getMetadata(), d -> d.setStatus(null));
    static final WorkloadKind<CronJob> CRON_JOBS = new WorkloadKind<>(
            c -> c.getSpec().getJobTemplate().getSpec().getTemplate().getMetadata(), c -> c.setStatus(null));
    static final WorkloadKind<ReplicaSet> REPLICA_SETS =
            new WorkloadKind<>(r -> r.getSpec().getTemplate().getMetadata(), r -> r.setStatus(null));
    static final WorkloadKind<Job> JOBS =
            new WorkloadKind<>(j -> j.getSpec().getTemplate().getMetadata(), WorkloadKind::keepOnlyFinished);

    /**
     * A Job keeps only its Complete or Failed condition: the audit skips finished Jobs, which hold no database open.
     */
    private static void keepOnlyFinished(Job job) {
        JobStatus status = job.getStatus();
        List<JobCondition> finished = status == null || status.getConditions() == null
                ? List.of()
                : status.getConditions().stream()
                        .filter(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                                && "True".equals(c.getStatus()))
                        .toList();
        job.setStatus(
                finished.isEmpty()
                        ? null
                        : new JobStatusBuilder().withConditions(finished).build());
    }

    /** {@code walguard.dev/sqlite-wal} on the object or its pod template, other than {@code "false"}. */
    boolean isMarked(T obj) {
        ObjectMeta template;
        try {
            template = templateMetadata.apply(obj);
        } catch (NullPointerException e) {
            template = null; // no spec or no template: only the object's own mark counts
        }
        return Marking.isMarked(obj.getMetadata(), template);
    }

    /** The object less status, managedFields and the last-applied copy (in place). */
    T trim(T obj) {
        TrimmedItemStore.trim(obj.getMetadata());
        dropStatus.accept(obj);
        return obj;
    }
}
