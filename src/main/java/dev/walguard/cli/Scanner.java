package dev.walguard.cli;

import dev.walguard.cluster.ManifestReader;
import dev.walguard.cluster.ManifestReader.Manifest;
import dev.walguard.cluster.SnapshotClusterView;
import dev.walguard.policy.Finding;
import dev.walguard.policy.PolicySettings;
import dev.walguard.policy.Workload;
import dev.walguard.policy.WorkloadEvaluator;
import dev.walguard.policy.Workloads;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates every workload in a set of manifests, as the webhook would on CREATE: the same {@link WorkloadEvaluator}
 * on a cluster view made of the storage objects in the input plus any given cluster state.
 */
final class Scanner {

    private final PolicySettings settings;
    private final WorkloadEvaluator evaluator;
    /** The view of the last scan, for tests of how parties are looked up. */
    ClaimIndex lastView;

    Scanner(PolicySettings settings) {
        this.settings = settings;
        this.evaluator = new WorkloadEvaluator(settings);
    }

    /**
     * @param input            the manifests to scan
     * @param clusterState     objects that already exist (from --cluster-state or a live cluster)
     * @param defaultNamespace the namespace of objects that name none (helm template output often does not)
     */
    ScanResult scan(List<Manifest> input, List<HasMetadata> clusterState, String defaultNamespace) {
        List<HasMetadata> objects = new ArrayList<>(clusterState);
        List<Scanned> workloads = new ArrayList<>();
        for (Manifest m : input) {
            HasMetadata o = m.object();
            if (isClusterState(o)) {
                if (isNamespaced(o) && o.getMetadata().getNamespace() == null) {
                    o.getMetadata().setNamespace(defaultNamespace);
                }
                objects.add(o);
                continue;
            }
            String ns = o.getMetadata() != null && o.getMetadata().getNamespace() != null
                    ? o.getMetadata().getNamespace()
                    : defaultNamespace;
            Optional<Workload> w;
            try {
                w = Workloads.of(o, ns);
            } catch (Workloads.UnreadableWorkloadException e) {
                throw new ManifestReader.ManifestException(
                        m.source() + " document " + m.document() + " (" + o.getKind() + " "
                                + o.getMetadata().getName() + ") cannot be read: " + e.getMessage(),
                        e);
            }
            if (w.isPresent()) {
                workloads.add(new Scanned(w.get(), m));
                objects.add(runningPodOf(w.get()));
            }
        }
        // Pods go to the claim index only: the snapshot's own pod index compares pods with equals(), quadratic.
        List<Pod> pods = new ArrayList<>();
        List<HasMetadata> rest = new ArrayList<>();
        for (HasMetadata o : objects) {
            if (o instanceof Pod p) {
                pods.add(p);
            } else {
                rest.add(o);
            }
        }
        ClaimIndex view = new ClaimIndex(new SnapshotClusterView(rest), pods);
        List<ScannedFinding> findings = new ArrayList<>();
        for (Scanned s : workloads) {
            if (settings.exemptNamespaces().contains(s.workload().namespace())) {
                continue;
            }
            List<Finding> found = evaluator.evaluate(s.workload(), view);
            String detected = found.isEmpty() ? null : evaluator.detection().appNames(s.workload());
            for (Finding f : found) {
                findings.add(new ScannedFinding(
                        f,
                        s.workload(),
                        detected,
                        s.manifest().source(),
                        s.manifest().document(),
                        s.manifest().line()));
            }
        }
        lastView = view;
        return new ScanResult(findings, workloads.size());
    }

    private record Scanned(Workload workload, Manifest manifest) {}

    /** The apps a workload was detected as, {@code Sonarr} or {@code Gitea}, each once; empty when it is marked. */
    private static boolean isClusterState(HasMetadata o) {
        return o instanceof StorageClass
                || o instanceof PersistentVolume
                || o instanceof PersistentVolumeClaim
                || o instanceof Namespace
                || o instanceof ReplicaSet && isOwned(o)
                || o instanceof Job && isOwned(o);
    }

    private static boolean isOwned(HasMetadata o) {
        return o.getMetadata().getOwnerReferences() != null
                && !o.getMetadata().getOwnerReferences().isEmpty();
    }

    private static boolean isNamespaced(HasMetadata o) {
        return o instanceof PersistentVolumeClaim;
    }

    /**
     * The Pod a workload in the input will run, so workloads deployed together are parties to each other's shared
     * claims (WAL002/WAL006). It is owned by the workload, so it is never held against the workload itself.
     */
    private static Pod runningPodOf(Workload w) {
        String name = w.name() != null ? w.name() : w.generateName() != null ? w.generateName() : "unnamed";
        ObjectMetaBuilder meta = new ObjectMetaBuilder(w.podMetadata())
                .withNamespace(w.namespace())
                .withName(w.isPod() ? name : name + "-scan");
        if (w.isPod()) {
            meta.withOwnerReferences(w.metadata().getOwnerReferences());
        } else {
            meta.withOwnerReferences(new OwnerReferenceBuilder()
                    .withKind(w.kind())
                    .withName(name)
                    .withController(true)
                    .build());
        }
        // Annotations on the workload's own metadata mark its pods too.
        meta.addToAnnotations(
                w.metadata().getAnnotations() == null
                        ? java.util.Map.of()
                        : w.metadata().getAnnotations());
        if (w.podMetadata().getAnnotations() != null) {
            meta.addToAnnotations(w.podMetadata().getAnnotations());
        }
        return new PodBuilder()
                .withMetadata(meta.build())
                .withSpec(w.podSpec())
                .withNewStatus()
                .withPhase("Running")
                .endStatus()
                .build();
    }
}
