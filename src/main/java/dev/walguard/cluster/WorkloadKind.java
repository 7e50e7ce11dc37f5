package dev.walguard.cluster;

import dev.walguard.policy.Detection;
import dev.walguard.policy.ImageDetection;
import dev.walguard.policy.Marking;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
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
 * A kind with a pod template, as the audit's stores read it: where the template is (the mark may be on its metadata
 * rather than on the object, the images are in its spec) and how to drop the object's status before keeping it (all
 * of it, but a Job's finished condition).
 */
record WorkloadKind<T extends HasMetadata>(Function<T, PodTemplateSpec> template, Consumer<T> dropStatus) {

    private static final ImageDetection DETECTION = ImageDetection.of(Detection.IMAGES);

    static final WorkloadKind<Deployment> DEPLOYMENTS =
            new WorkloadKind<>(d -> d.getSpec().getTemplate(), d -> d.setStatus(null));
    static final WorkloadKind<StatefulSet> STATEFUL_SETS =
            new WorkloadKind<>(s -> s.getSpec().getTemplate(), s -> s.setStatus(null));
    static final WorkloadKind<DaemonSet> DAEMON_SETS =
            new WorkloadKind<>(d -> d.getSpec().getTemplate(), d -> d.setStatus(null));
    static final WorkloadKind<CronJob> CRON_JOBS =
            new WorkloadKind<>(c -> c.getSpec().getJobTemplate().getSpec().getTemplate(), c -> c.setStatus(null));
    static final WorkloadKind<ReplicaSet> REPLICA_SETS =
            new WorkloadKind<>(r -> r.getSpec().getTemplate(), r -> r.setStatus(null));
    static final WorkloadKind<Job> JOBS =
            new WorkloadKind<>(j -> j.getSpec().getTemplate(), WorkloadKind::keepOnlyFinished);

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

    /**
     * {@code walguard.dev/sqlite-wal} on the object or its pod template, other than {@code "false"}; or, with no
     * such annotation, a catalogued SQLite image in the template ({@link ImageDetection}). Detected objects are kept
     * whatever {@code walguard.detect} says (they are few): the policy decides whether detection applies.
     */
    boolean isMarked(T obj) {
        PodTemplateSpec template;
        try {
            template = this.template.apply(obj);
        } catch (NullPointerException e) {
            template = null; // no spec or no template: only the object's own mark counts
        }
        ObjectMeta meta = template == null ? null : template.getMetadata();
        return Marking.isMarked(obj.getMetadata(), meta)
                || (template != null && DETECTION.detects(obj.getMetadata(), meta, template.getSpec()));
    }

    /** The object less status, managedFields and the last-applied copy (in place). */
    T trim(T obj) {
        TrimmedItemStore.trim(obj.getMetadata());
        dropStatus.accept(obj);
        return obj;
    }
}
