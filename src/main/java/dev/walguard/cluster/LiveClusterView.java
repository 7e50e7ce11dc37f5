package dev.walguard.cluster;

import dev.walguard.policy.ClusterViewUnavailableException;
import dev.walguard.policy.NodeObservations;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The cluster view of a running webhook: fabric8 informers on StorageClasses, PersistentVolumes,
 * PersistentVolumeClaims, Namespaces, Pods, ReplicaSets and Jobs, listed in pages and then watched. Every lookup
 * answers from the informer caches; none calls the API server. This class answers the lookups and runs the
 * lifecycle; its parts:
 * <ul>
 * <li>{@link InformerSet}: the informers and the stores that keep each kind (Pods, ReplicaSets and Jobs reduced,
 * the storage kinds and Namespaces whole, without managedFields);</li>
 * <li>{@link SyncAndOutageMonitor}: until every informer has listed its kind, every lookup throws
 * {@link ClusterViewUnavailableException}, so a marked workload is refused with a retryable answer rather than judged
 * on a partial view, and readiness reports DOWN. Once synced, the view stays synced through API server outages:
 * the caches keep their last state, the informers never give up, and an outage is logged once;</li>
 * <li>{@link WorkloadEvents}: with {@link Options#workloads()} (the background audit), four more informers keep
 * marked Deployments, StatefulSets, DaemonSets and CronJobs, and listeners learn which namespace changed.</li>
 * </ul>
 */
public final class LiveClusterView implements ClusterSource {

    private static final Logger LOG = Logger.getLogger(LiveClusterView.class);

    /**
     * @param listLimit     page size of the informers' list calls
     * @param outageGrace   how long a watch may be down before it counts as an outage (watches are re-opened
     *                      routinely every few minutes, with a short pause)
     * @param checkInterval how often the watches are looked at for that
     * @param workloads     whether to keep the marked workloads for the background audit
     */
    public record Options(
            long listLimit,
            Duration outageGrace,
            Duration checkInterval,
            boolean workloads,
            boolean nodeObservations,
            Clock clock) {
        public Options(long listLimit, Duration outageGrace, Duration checkInterval) {
            this(listLimit, outageGrace, checkInterval, false, false, Clock.systemUTC());
        }

        /** Without the workload informers. */
        public static Options defaults() {
            return new Options(500, Duration.ofSeconds(5), Duration.ofSeconds(1));
        }

        /** With or without the informers on Deployments, StatefulSets, DaemonSets and CronJobs. */
        public Options withWorkloads(boolean on) {
            return new Options(listLimit, outageGrace, checkInterval, on, nodeObservations, clock);
        }

        /** With or without the informer on the node agent's NodeObservations. */
        public Options withNodeObservations(boolean on) {
            return new Options(listLimit, outageGrace, checkInterval, workloads, on, clock);
        }

        /** What "now" is when observations are checked for expiry. */
        public Options withClock(Clock c) {
            return new Options(listLimit, outageGrace, checkInterval, workloads, nodeObservations, c);
        }
    }

    private final Options options;
    private final InformerSet informers;
    private final WorkloadEvents events;
    private final SyncAndOutageMonitor health;
    private final AtomicBoolean started = new AtomicBoolean();
    private final NodeObservations observations;

    /** Creates the informers without starting them: no API call is made before {@link #start()}. */
    public LiveClusterView(KubernetesClient client, Options options) {
        this.options = options;
        this.observations = new NodeObservations(options.clock());
        this.informers = new InformerSet(
                client, options.listLimit(), options.workloads(), options.nodeObservations() ? observations : null);
        this.events = new WorkloadEvents(informers, options.workloads());
        this.health = new SyncAndOutageMonitor(informers, options.outageGrace(), options.checkInterval());
    }

    // --- lifecycle ---

    /** Starts every informer (list, then watch) and the outage check; returns at once. */
    @Override
    public void start() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        health.start();
        LOG.infof(
                "Live cluster view: listing and watching %s (pages of %d)", informers.resources(), options.listLimit());
        informers.start(health::listed);
    }

    @Override
    public void close() {
        health.close();
        informers.stop();
    }

    /** True once every informer has completed its first list; it stays true through later outages. */
    @Override
    public boolean synced() {
        return health.synced();
    }

    @Override
    public boolean live() {
        return true;
    }

    /** False while an outage is going on (logged once when it starts, once when it ends). */
    @Override
    public boolean reachable() {
        return health.reachable();
    }

    /** True while every informer's watch is open (false for short spells when a watch is renewed). */
    public boolean watching() {
        return health.watching();
    }

    /** How many outages have been seen (and logged) since start. */
    public int outages() {
        return health.outages();
    }

    /** Objects per cache; for pods, only those that mount a claim are kept. */
    public Map<String, Integer> cacheSizes() {
        return informers.cacheSizes();
    }

    // --- WorkloadSource ---

    @Override
    public List<HasMetadata> workloads() {
        health.requireSynced();
        return events.workloads();
    }

    @Override
    public void onChange(Consumer<String> listener) {
        events.onChange(listener);
    }

    // --- ClusterView ---

    @Override
    public Optional<PersistentVolumeClaim> claim(String namespace, String name) {
        health.requireSynced();
        return Optional.ofNullable(informers.claims.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name)));
    }

    @Override
    public Optional<PersistentVolume> persistentVolume(String name) {
        health.requireSynced();
        return Optional.ofNullable(informers.volumes.getStore().getByKey(name));
    }

    @Override
    public Optional<PersistentVolume> volumeClaimedBy(String namespace, String claimName) {
        health.requireSynced();
        return informers.volumes.getIndexer().byIndex(InformerSet.CLAIM_REF_INDEX, namespace + "/" + claimName).stream()
                .min(Comparator.comparing(pv -> pv.getMetadata().getName()));
    }

    @Override
    public Optional<StorageClass> storageClass(String name) {
        health.requireSynced();
        return Optional.ofNullable(informers.storageClasses.getStore().getByKey(name));
    }

    /** A scan of a handful of cached objects, nothing copied but the list. */
    @Override
    public List<StorageClass> storageClasses() {
        health.requireSynced();
        return Collections.unmodifiableList(informers.storageClasses.getStore().list());
    }

    @Override
    public Optional<Namespace> namespace(String name) {
        health.requireSynced();
        return Optional.ofNullable(informers.namespaces.getStore().getByKey(name));
    }

    @Override
    public List<Pod> podsMountingClaim(String namespace, String claimName) {
        health.requireSynced();
        List<Pod> found = informers.pods.podsMountingClaim(namespace, claimName);
        found.sort(Comparator.comparing(p -> p.getMetadata().getName()));
        return found;
    }

    /** Empty until the NodeObservations are listed, and when they are not read ({@link Options#nodeObservations}). */
    @Override
    public NodeObservations observations() {
        return observations;
    }

    @Override
    public Optional<OwnerReference> controllerOf(String namespace, String kind, String name) {
        health.requireSynced();
        String key = Cache.namespaceKeyFunc(namespace, name);
        if ("ReplicaSet".equals(kind)) {
            return informers.replicaSets.controllerOf(key);
        }
        if ("Job".equals(kind)) {
            return informers.jobs.controllerOf(key);
        }
        return Optional.empty();
    }
}
