package dev.walguard.cluster;

import dev.walguard.policy.NodeObservations;
import dev.walguard.policy.ObservedNode;
import dev.walguard.policy.Workloads;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A fixed set of objects, indexed the way the rules look them up. The node agent's NodeObservations are read as
 * observations; objects of other kinds are kept as workloads.
 */
public class SnapshotClusterView implements ClusterSource {

    private static final Logger LOG = Logger.getLogger(SnapshotClusterView.class);

    private final Map<String, PersistentVolumeClaim> claims = new HashMap<>();
    private final Map<String, PersistentVolume> volumes = new HashMap<>();
    private final Map<String, PersistentVolume> volumesByClaim = new HashMap<>();
    private final Map<String, StorageClass> storageClasses = new LinkedHashMap<>();
    private final Map<String, Namespace> namespaces = new HashMap<>();
    private final Map<String, List<Pod>> podsByClaim = new HashMap<>();
    private final Map<String, OwnerReference> controllers = new HashMap<>();
    private final List<HasMetadata> workloads = new ArrayList<>();
    private final NodeObservations observations;

    public SnapshotClusterView(List<? extends HasMetadata> objects) {
        this(objects, Clock.systemUTC());
    }

    /** @param clock what "now" is when observations are checked for expiry */
    public SnapshotClusterView(List<? extends HasMetadata> objects, Clock clock) {
        this.observations = new NodeObservations(clock);
        for (HasMetadata o : objects) {
            add(o);
        }
    }

    private void add(HasMetadata o) {
        String ns = o.getMetadata() == null ? null : o.getMetadata().getNamespace();
        String name = o.getMetadata() == null ? null : o.getMetadata().getName();
        if (o instanceof PersistentVolumeClaim c) {
            claims.put(key(ns, name), c);
        } else if (o instanceof PersistentVolume pv) {
            volumes.put(name, pv);
            ObjectReference ref = pv.getSpec() == null ? null : pv.getSpec().getClaimRef();
            if (ref != null && ref.getName() != null) {
                volumesByClaim.put(key(ref.getNamespace(), ref.getName()), pv);
            }
        } else if (o instanceof StorageClass sc) {
            storageClasses.put(name, sc);
        } else if (o instanceof Namespace n) {
            namespaces.put(name, n);
        } else if (o instanceof GenericKubernetesResource g && NodeObservationKind.is(g)) {
            ObservedNode.Parsed parsed = NodeObservationKind.read(g);
            if (parsed.node() != null) {
                observations.put(parsed.node());
            } else {
                LOG.warn(parsed.problem());
            }
        } else if (o instanceof Pod p) {
            if (p.getSpec() != null && p.getSpec().getVolumes() != null) {
                for (Volume v : p.getSpec().getVolumes()) {
                    if (v.getPersistentVolumeClaim() != null) {
                        // A pod lists one claim in several volumes at most rarely: compare the last entry only
                        // (by identity), so loading stays linear in the number of pods.
                        List<Pod> pods = podsByClaim.computeIfAbsent(
                                key(ns, v.getPersistentVolumeClaim().getClaimName()), k -> new ArrayList<>());
                        if (pods.isEmpty() || pods.get(pods.size() - 1) != p) {
                            pods.add(p);
                        }
                    }
                }
            }
            workloads.add(p);
        } else {
            if (o instanceof ReplicaSet || o instanceof Job) {
                Workloads.controllerOf(o.getMetadata())
                        .ifPresent(ref -> controllers.put(o.getKind() + "/" + key(ns, name), ref));
            }
            workloads.add(o);
        }
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    /** Every object that is not storage or a namespace: Pods and workloads, for reports and scans. */
    @Override
    public List<HasMetadata> workloads() {
        return List.copyOf(workloads);
    }

    /** A snapshot never changes. */
    @Override
    public void onChange(java.util.function.Consumer<String> listener) {}

    /** Loaded in the constructor. */
    @Override
    public void start() {}

    @Override
    public boolean synced() {
        return true;
    }

    @Override
    public boolean live() {
        return false;
    }

    @Override
    public boolean reachable() {
        return true;
    }

    @Override
    public void close() {}

    @Override
    public Optional<PersistentVolumeClaim> claim(String namespace, String name) {
        return Optional.ofNullable(claims.get(key(namespace, name)));
    }

    @Override
    public Optional<PersistentVolume> persistentVolume(String name) {
        return Optional.ofNullable(volumes.get(name));
    }

    @Override
    public Optional<PersistentVolume> volumeClaimedBy(String namespace, String claimName) {
        return Optional.ofNullable(volumesByClaim.get(key(namespace, claimName)));
    }

    @Override
    public Optional<StorageClass> storageClass(String name) {
        return Optional.ofNullable(storageClasses.get(name));
    }

    @Override
    public List<StorageClass> storageClasses() {
        return List.copyOf(storageClasses.values());
    }

    @Override
    public Optional<Namespace> namespace(String name) {
        return Optional.ofNullable(namespaces.get(name));
    }

    @Override
    public List<Pod> podsMountingClaim(String namespace, String claimName) {
        return podsByClaim.getOrDefault(key(namespace, claimName), List.of());
    }

    @Override
    public NodeObservations observations() {
        return observations;
    }

    @Override
    public Optional<OwnerReference> controllerOf(String namespace, String kind, String name) {
        return Optional.ofNullable(controllers.get(kind + "/" + key(namespace, name)));
    }
}
