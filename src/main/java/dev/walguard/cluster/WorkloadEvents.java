package dev.walguard.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The {@link WorkloadSource} side of the live view, for the background audit: the marked workloads its stores keep,
 * and the namespace of every informer event to the change listeners. StorageClass and PV changes count for all
 * namespaces; pod changes only for pods on a claim (only those can change another workload's findings, or be bare
 * marked workloads themselves).
 */
final class WorkloadEvents implements WorkloadSource {

    // One log category for the whole live view, the one operators know.
    private static final Logger LOG = Logger.getLogger(LiveClusterView.class);

    private final InformerSet informers;
    private final boolean withWorkloads;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    /** Registers with every informer; call before they start. */
    WorkloadEvents(InformerSet informers, boolean withWorkloads) {
        this.informers = informers;
        this.withWorkloads = withWorkloads;
        ResourceEventHandler<HasMetadata> handler = new ResourceEventHandler<>() {
            @Override
            public void onAdd(HasMetadata obj) {
                changed(obj);
            }

            @Override
            public void onUpdate(HasMetadata oldObj, HasMetadata newObj) {
                changed(newObj);
            }

            @Override
            public void onDelete(HasMetadata obj, boolean deletedFinalStateUnknown) {
                changed(obj);
            }
        };
        for (InformerSet.Member m : informers.members()) {
            m.informer().addEventHandler(handler);
        }
    }

    /**
     * Marked Deployments, StatefulSets, DaemonSets and CronJobs, marked ReplicaSets and Jobs without a controller,
     * and marked bare Pods on a claim (see {@link SlimPodItemStore#bareMarkedPods()}); empty without workloads.
     */
    @Override
    public List<HasMetadata> workloads() {
        List<HasMetadata> out = new ArrayList<>();
        if (!withWorkloads) {
            return out;
        }
        for (MarkedWorkloadItemStore<?> store : informers.workloads) {
            out.addAll(store.list());
        }
        out.addAll(informers.replicaSets.uncontrolledMarked());
        out.addAll(informers.jobs.uncontrolledMarked());
        out.addAll(informers.pods.bareMarkedPods());
        return out;
    }

    @Override
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    private void changed(HasMetadata obj) {
        if (listeners.isEmpty() || obj == null || (obj instanceof Pod p && !mountsClaim(p))) {
            return;
        }
        String ns = obj instanceof StorageClass || obj instanceof PersistentVolume
                ? ALL_NAMESPACES
                : obj instanceof Namespace
                        ? obj.getMetadata().getName()
                        : obj.getMetadata().getNamespace();
        for (Consumer<String> l : listeners) {
            try {
                l.accept(ns);
            } catch (RuntimeException e) {
                LOG.debugf(e, "change listener failed");
            }
        }
    }

    private static boolean mountsClaim(Pod p) {
        return p.getSpec() != null
                && p.getSpec().getVolumes() != null
                && p.getSpec().getVolumes().stream().anyMatch(v -> v.getPersistentVolumeClaim() != null);
    }
}
