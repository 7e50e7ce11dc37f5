package dev.walguard.cluster;

import dev.walguard.policy.NodeObservations;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The live view's informers, each with the store that keeps its kind: StorageClasses, PersistentVolumes,
 * PersistentVolumeClaims and Namespaces whole ({@link TrimmedItemStore}), Pods reduced ({@link SlimPodItemStore}),
 * ReplicaSets and Jobs as owners only ({@link OwnerOnlyItemStore}), and with workloads on, Deployments,
 * StatefulSets, DaemonSets and CronJobs when marked ({@link MarkedWorkloadItemStore}). All namespaces, listed in
 * pages and then watched, with no resync. Created without starting, so no API call is made before {@link #start}.
 */
final class InformerSet {

    // One log category for the whole live view, the one operators know.
    private static final Logger LOG = Logger.getLogger(LiveClusterView.class);

    static final String CLAIM_REF_INDEX = "claimRef";

    /** An informer and the resource it lists, as the logs and the not-synced answer name it. */
    record Member(String resource, SharedIndexInformer<? extends HasMetadata> informer) {}

    private final long listLimit;
    private final List<Member> members = new ArrayList<>();
    private final WeakInterner interner = new WeakInterner();

    final SharedIndexInformer<StorageClass> storageClasses;
    final SharedIndexInformer<PersistentVolume> volumes;
    final SharedIndexInformer<PersistentVolumeClaim> claims;
    final SharedIndexInformer<Namespace> namespaces;
    final SlimPodItemStore pods;
    final OwnerOnlyItemStore<ReplicaSet> replicaSets;
    final OwnerOnlyItemStore<Job> jobs;
    /** Deployments, StatefulSets, DaemonSets, CronJobs; empty without workloads. */
    final List<MarkedWorkloadItemStore<?>> workloads = new ArrayList<>();
    /**
     * NodeObservations, when read: not a member, so neither sync nor outages wait for it. Observations only add
     * findings, and the CRD exists only where the node agent is installed; without them the view is complete.
     */
    final SharedIndexInformer<GenericKubernetesResource> observations;

    InformerSet(KubernetesClient client, long listLimit, boolean withWorkloads, NodeObservations nodeObservations) {
        this.listLimit = listLimit;
        storageClasses =
                add("storageclasses", client.storage().v1().storageClasses(), new TrimmedItemStore<>(), Map.of());
        volumes = add(
                "persistentvolumes",
                client.persistentVolumes(),
                new TrimmedItemStore<>(),
                Map.of(CLAIM_REF_INDEX, InformerSet::claimRefKeys));
        claims = add(
                "persistentvolumeclaims",
                client.persistentVolumeClaims().inAnyNamespace(),
                new TrimmedItemStore<>(),
                Map.of());
        namespaces = add("namespaces", client.namespaces(), new TrimmedItemStore<>(), Map.of());
        // Pods by claim: indexed by the store itself (see SlimPodItemStore), not by an informer indexer.
        pods = new SlimPodItemStore(interner);
        add("pods", client.pods().inAnyNamespace(), pods, Map.of());
        // With workloads, a marked ReplicaSet or Job without a controller is also kept whole, for the audit.
        replicaSets =
                new OwnerOnlyItemStore<>(ReplicaSet::new, interner, withWorkloads ? WorkloadKind.REPLICA_SETS : null);
        add("replicasets", client.apps().replicaSets().inAnyNamespace(), replicaSets, Map.of());
        jobs = new OwnerOnlyItemStore<>(Job::new, interner, withWorkloads ? WorkloadKind.JOBS : null);
        add("jobs", client.batch().v1().jobs().inAnyNamespace(), jobs, Map.of());
        if (withWorkloads) {
            addWorkloads("deployments", client.apps().deployments().inAnyNamespace(), WorkloadKind.DEPLOYMENTS);
            addWorkloads("statefulsets", client.apps().statefulSets().inAnyNamespace(), WorkloadKind.STATEFUL_SETS);
            addWorkloads("daemonsets", client.apps().daemonSets().inAnyNamespace(), WorkloadKind.DAEMON_SETS);
            addWorkloads("cronjobs", client.batch().v1().cronjobs().inAnyNamespace(), WorkloadKind.CRON_JOBS);
        }
        if (nodeObservations == null) {
            observations = null;
        } else {
            observations = client.genericKubernetesResources(NodeObservationKind.CONTEXT)
                    .withLimit(listLimit)
                    .runnableInformer(0);
            observations.removeNamespaceIndex();
            observations.itemStore(new ObservationItemStore(nodeObservations));
            // Keep trying while the CRD is missing (installed later with the agent) or the list is refused.
            observations.exceptionHandler((started, error) -> {
                LOG.debugf("NodeObservations cannot be listed: %s", error.getMessage());
                return true;
            });
        }
    }

    private <T extends HasMetadata> void addWorkloads(String resource, Informable<T> source, WorkloadKind<T> kind) {
        MarkedWorkloadItemStore<T> store = new MarkedWorkloadItemStore<>(kind);
        workloads.add(store);
        add(resource, source, store, Map.of());
    }

    private <T extends HasMetadata> SharedIndexInformer<T> add(
            String resource,
            Informable<T> source,
            ItemStore<T> store,
            Map<String, Function<T, List<String>>> indexers) {
        SharedIndexInformer<T> informer = source.withLimit(listLimit).runnableInformer(0);
        // No lookup goes by namespace alone: the default index would only cost memory.
        informer.removeNamespaceIndex();
        informer.itemStore(store);
        if (!indexers.isEmpty()) {
            informer.addIndexers(indexers);
        }
        members.add(new Member(resource, informer));
        return informer;
    }

    private static List<String> claimRefKeys(PersistentVolume pv) {
        ObjectReference ref = pv.getSpec() == null ? null : pv.getSpec().getClaimRef();
        if (ref == null || ref.getName() == null) {
            return List.of();
        }
        return List.of(ref.getNamespace() + "/" + ref.getName());
    }

    /** Every informer, in the order they were created. */
    List<Member> members() {
        return Collections.unmodifiableList(members);
    }

    /** Starts every informer (list, then watch); {@code listed} runs each time one has completed its first list. */
    void start(Runnable listed) {
        if (observations != null) {
            observations.start().whenComplete((v, error) -> {
                if (error != null) {
                    LOG.warnf(
                            "NodeObservations cannot be listed (%s); node observations are not used until they can. "
                                    + "Is the node agent's CRD installed, and may walguard list nodeobservations?",
                            error.getMessage());
                }
            });
        }
        for (Member m : members) {
            m.informer().start().whenComplete((v, error) -> {
                if (error == null) {
                    listed.run();
                }
            });
        }
    }

    void stop() {
        if (observations != null) {
            observations.stop();
        }
        for (Member m : members) {
            try {
                m.informer().stop();
            } catch (RuntimeException e) {
                LOG.debugf(e, "stopping the %s informer", m.resource());
            }
        }
    }

    /** The resources not listed yet. */
    List<String> pending() {
        return members.stream()
                .filter(m -> !m.informer().hasSynced())
                .map(Member::resource)
                .toList();
    }

    /** Objects per cache; for pods, only those that mount a claim are kept. */
    Map<String, Integer> cacheSizes() {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (Member m : members) {
            sizes.put(m.resource(), m.informer().getStore().listKeys().size());
        }
        return sizes;
    }

    /** The resources, comma-separated, for the logs. */
    String resources() {
        return String.join(", ", members.stream().map(Member::resource).toList());
    }
}
