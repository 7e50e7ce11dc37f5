package dev.walguard.cluster;

import dev.walguard.policy.ErrorText;
import dev.walguard.policy.ClusterViewUnavailableException;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The cluster view of a running webhook: fabric8 informers on StorageClasses, PersistentVolumes,
 * PersistentVolumeClaims, Namespaces, Pods, ReplicaSets and Jobs, listed in pages and then watched. Every lookup
 * answers from the informer caches; none calls the API server.
 *
 * <p><b>Sync.</b> {@link #synced()} turns true once every informer has listed its kind, and stays true. Before
 * that, every lookup throws {@link ClusterViewUnavailableException}: a marked workload is refused with a retryable
 * answer rather than judged on a partial view (unmarked workloads, exempt namespaces, DELETE and the like need no
 * lookup and are answered at once). Readiness reports DOWN until then, so a Service sends no traffic.
 *
 * <p><b>Outages.</b> When the API server goes away, the caches keep their last state and lookups keep answering
 * from it; the view stays synced. The informers never give up: the exception handler asks for a retry after every
 * failure, the watches reconnect with back-off, and a {@code 410 Gone} makes the informer list again, which also
 * removes what was deleted meanwhile. One warning is logged when an outage starts (an informer failed, or a watch
 * has been down for the grace period) and one line when every watch runs again.
 *
 * <p><b>Memory.</b> Pods, ReplicaSets and Jobs are kept in reduced form ({@link SlimPodItemStore},
 * {@link OwnerOnlyItemStore}); the storage kinds and Namespaces whole, without managedFields.
 *
 * <p><b>Workloads.</b> With {@link Options#workloads()} (the background audit), four more informers watch
 * Deployments, StatefulSets, DaemonSets and CronJobs, whose stores keep only marked objects
 * ({@link MarkedWorkloadItemStore}); bare ReplicaSets, Jobs and Pods come from the stores above. As a
 * {@link WorkloadSource} the view then tells listeners which namespace changed.
 */
public final class LiveClusterView implements ClusterSource {

    private static final Logger LOG = Logger.getLogger(LiveClusterView.class);

    static final String CLAIM_REF_INDEX = "claimRef";

    /**
     * @param listLimit     page size of the informers' list calls
     * @param outageGrace   how long a watch may be down before it counts as an outage (watches are re-opened
     *                      routinely every few minutes, with a short pause)
     * @param checkInterval how often the watches are looked at for that
     */
    public record Options(long listLimit, Duration outageGrace, Duration checkInterval, boolean workloads) {
        public Options(long listLimit, Duration outageGrace, Duration checkInterval) {
            this(listLimit, outageGrace, checkInterval, false);
        }

        /** Without the workload informers. */
        public static Options defaults() {
            return new Options(500, Duration.ofSeconds(5), Duration.ofSeconds(1));
        }

        /** With or without the informers on Deployments, StatefulSets, DaemonSets and CronJobs. */
        public Options withWorkloads(boolean on) {
            return new Options(listLimit, outageGrace, checkInterval, on);
        }
    }

    /** An informer and what the outage check remembers about it. */
    private static final class Tracked {
        final String resource;
        final SharedIndexInformer<?> informer;
        long downSince = NOT_DOWN;

        Tracked(String resource, SharedIndexInformer<?> informer) {
            this.resource = resource;
            this.informer = informer;
        }
    }

    private static final long NOT_DOWN = Long.MIN_VALUE;

    private final Options options;
    private final List<Tracked> tracked = new ArrayList<>();
    private final WeakInterner interner = new WeakInterner();

    private final SharedIndexInformer<StorageClass> storageClasses;
    private final SharedIndexInformer<PersistentVolume> volumes;
    private final SharedIndexInformer<PersistentVolumeClaim> claims;
    private final SharedIndexInformer<Namespace> namespaces;
    private final SlimPodItemStore podStore;
    private final OwnerOnlyItemStore<ReplicaSet> replicaSetStore;
    private final OwnerOnlyItemStore<Job> jobStore;
    private final List<MarkedWorkloadItemStore<?>> workloadStores = new ArrayList<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean syncLogged = new AtomicBoolean();
    private volatile boolean synced;
    private volatile boolean closed;
    private volatile long startNanos;
    private volatile ScheduledExecutorService monitor;

    // Outage state, guarded by this.
    private boolean inOutage;
    private long outageStartNanos;
    private int outages;
    private String lastProblem;

    public LiveClusterView(KubernetesClient client) {
        this(client, Options.defaults());
    }

    /** Creates the informers without starting them: no API call is made before {@link #start()}. */
    public LiveClusterView(KubernetesClient client, Options options) {
        this.options = options;
        boolean w = options.workloads();
        this.storageClasses = informer("storageclasses", client.storage().v1().storageClasses(),
                new TrimmedItemStore<>(), Map.of());
        watchChanges(storageClasses, o -> true, true);
        this.volumes = informer("persistentvolumes", client.persistentVolumes(), new TrimmedItemStore<>(),
                Map.of(CLAIM_REF_INDEX, LiveClusterView::claimRefKeys));
        watchChanges(volumes, o -> true, true);
        this.claims = informer("persistentvolumeclaims", client.persistentVolumeClaims().inAnyNamespace(),
                new TrimmedItemStore<>(), Map.of());
        watchChanges(claims, o -> true, false);
        this.namespaces = informer("namespaces", client.namespaces(), new TrimmedItemStore<>(), Map.of());
        watchChanges(namespaces, o -> true, false);
        this.podStore = new SlimPodItemStore(interner);
        // Pods by claim: indexed by the store itself (see SlimPodItemStore), not by an informer indexer.
        // Only pods on a claim can change another workload's findings (or be bare marked workloads themselves).
        watchChanges(informer("pods", client.pods().inAnyNamespace(), podStore, Map.of()),
                LiveClusterView::mountsClaim, false);
        this.replicaSetStore = new OwnerOnlyItemStore<>(ReplicaSet::new, interner,
                w ? WorkloadKind.REPLICA_SETS : null);
        watchChanges(informer("replicasets", client.apps().replicaSets().inAnyNamespace(), replicaSetStore,
                Map.of()), o -> true, false);
        this.jobStore = new OwnerOnlyItemStore<>(Job::new, interner, w ? WorkloadKind.JOBS : null);
        watchChanges(informer("jobs", client.batch().v1().jobs().inAnyNamespace(), jobStore, Map.of()),
                o -> true, false);
        if (w) {
            workloads("deployments", client.apps().deployments().inAnyNamespace(),
                    new MarkedWorkloadItemStore<>(WorkloadKind.DEPLOYMENTS));
            workloads("statefulsets", client.apps().statefulSets().inAnyNamespace(),
                    new MarkedWorkloadItemStore<>(WorkloadKind.STATEFUL_SETS));
            workloads("daemonsets", client.apps().daemonSets().inAnyNamespace(),
                    new MarkedWorkloadItemStore<>(WorkloadKind.DAEMON_SETS));
            workloads("cronjobs", client.batch().v1().cronjobs().inAnyNamespace(),
                    new MarkedWorkloadItemStore<>(WorkloadKind.CRON_JOBS));
        }
    }

    private <T extends HasMetadata> void workloads(String resource, Informable<T> source,
            MarkedWorkloadItemStore<T> store) {
        workloadStores.add(store);
        watchChanges(informer(resource, source, store, Map.of()), o -> true, false);
    }

    private static boolean mountsClaim(Pod p) {
        return p.getSpec() != null && p.getSpec().getVolumes() != null
                && p.getSpec().getVolumes().stream().anyMatch(v -> v.getPersistentVolumeClaim() != null);
    }

    /** Tells the listeners the namespace of every add, update and delete that passes the filter. */
    private <T extends HasMetadata> void watchChanges(SharedIndexInformer<T> informer, Predicate<T> filter,
            boolean clusterScoped) {
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                changed(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                changed(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                changed(obj);
            }

            private void changed(T obj) {
                if (listeners.isEmpty() || obj == null || !filter.test(obj)) {
                    return;
                }
                String ns = clusterScoped ? ALL_NAMESPACES
                        : obj instanceof Namespace ? obj.getMetadata().getName() : obj.getMetadata().getNamespace();
                for (Consumer<String> l : listeners) {
                    try {
                        l.accept(ns);
                    } catch (RuntimeException e) {
                        LOG.debugf(e, "change listener failed");
                    }
                }
            }
        });
    }

    // --- WorkloadSource ---

    /**
     * Marked Deployments, StatefulSets, DaemonSets and CronJobs, marked ReplicaSets and Jobs without a controller,
     * and marked bare Pods on a claim (see {@link SlimPodItemStore#bareMarkedPods()}); empty without
     * {@link Options#workloads()}.
     */
    @Override
    public List<HasMetadata> workloads() {
        requireSynced();
        List<HasMetadata> out = new ArrayList<>();
        if (!options.workloads()) {
            return out;
        }
        for (MarkedWorkloadItemStore<?> store : workloadStores) {
            out.addAll(store.list());
        }
        out.addAll(replicaSetStore.uncontrolledMarked());
        out.addAll(jobStore.uncontrolledMarked());
        out.addAll(podStore.bareMarkedPods());
        return out;
    }

    @Override
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    private <T extends HasMetadata> SharedIndexInformer<T> informer(String resource, Informable<T> source,
            ItemStore<T> store, Map<String, Function<T, List<String>>> indexers) {
        SharedIndexInformer<T> informer = source.withLimit(options.listLimit()).runnableInformer(0);
        informer.removeNamespaceIndex();
        informer.itemStore(store);
        if (!indexers.isEmpty()) {
            informer.addIndexers(indexers);
        }
        // The default handler gives up on any failure before the first sync, and on a failed watch: never give up.
        informer.exceptionHandler((isStarted, t) -> {
            problem(resource, t);
            return !closed;
        });
        tracked.add(new Tracked(resource, informer));
        return informer;
    }

    private static List<String> claimRefKeys(PersistentVolume pv) {
        ObjectReference ref = pv.getSpec() == null ? null : pv.getSpec().getClaimRef();
        if (ref == null || ref.getName() == null) {
            return List.of();
        }
        return List.of(ref.getNamespace() + "/" + ref.getName());
    }

    /** Starts every informer (list, then watch) and the outage check; returns at once. */
    @Override
    public void start() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        startNanos = System.nanoTime();
        LOG.infof("Live cluster view: listing and watching %s (pages of %d)", resources(), options.listLimit());
        for (Tracked t : tracked) {
            t.informer.start().whenComplete((v, error) -> {
                if (error == null) {
                    logSyncOnce();
                }
            });
        }
        monitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "walguard-cluster-view");
            thread.setDaemon(true);
            return thread;
        });
        long interval = options.checkInterval().toMillis();
        monitor.scheduleWithFixedDelay(this::checkSafely, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed = true;
        if (monitor != null) {
            monitor.shutdownNow();
        }
        for (Tracked t : tracked) {
            try {
                t.informer.stop();
            } catch (RuntimeException e) {
                LOG.debugf(e, "stopping the %s informer", t.resource);
            }
        }
    }

    /** True once every informer has completed its first list; it stays true through later outages. */
    @Override
    public boolean synced() {
        if (!synced) {
            for (Tracked t : tracked) {
                if (!t.informer.hasSynced()) {
                    return false;
                }
            }
            synced = true;
        }
        return true;
    }

    @Override
    public boolean live() {
        return true;
    }

    /** False while an outage is going on (logged once when it starts, once when it ends). */
    @Override
    public synchronized boolean reachable() {
        return !inOutage;
    }

    /** True while every informer's watch is open (false for short spells when a watch is renewed). */
    public boolean watching() {
        for (Tracked t : tracked) {
            if (!t.informer.isWatching()) {
                return false;
            }
        }
        return true;
    }

    /** How many outages have been seen (and logged) since start. */
    public synchronized int outages() {
        return outages;
    }

    /** Objects per cache; for pods, only those that mount a claim are kept. */
    public Map<String, Integer> cacheSizes() {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (Tracked t : tracked) {
            sizes.put(t.resource, t.informer.getStore().listKeys().size());
        }
        return sizes;
    }

    // --- ClusterView ---

    @Override
    public Optional<PersistentVolumeClaim> claim(String namespace, String name) {
        requireSynced();
        return Optional.ofNullable(claims.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name)));
    }

    @Override
    public Optional<PersistentVolume> persistentVolume(String name) {
        requireSynced();
        return Optional.ofNullable(volumes.getStore().getByKey(name));
    }

    @Override
    public Optional<PersistentVolume> volumeClaimedBy(String namespace, String claimName) {
        requireSynced();
        return volumes.getIndexer().byIndex(CLAIM_REF_INDEX, namespace + "/" + claimName).stream()
                .min(Comparator.comparing(pv -> pv.getMetadata().getName()));
    }

    @Override
    public Optional<StorageClass> storageClass(String name) {
        requireSynced();
        return Optional.ofNullable(storageClasses.getStore().getByKey(name));
    }

    /** A scan of a handful of cached objects, nothing copied but the list. */
    @Override
    public List<StorageClass> storageClasses() {
        requireSynced();
        return Collections.unmodifiableList(storageClasses.getStore().list());
    }

    @Override
    public Optional<Namespace> namespace(String name) {
        requireSynced();
        return Optional.ofNullable(namespaces.getStore().getByKey(name));
    }

    @Override
    public List<Pod> podsMountingClaim(String namespace, String claimName) {
        requireSynced();
        List<Pod> found = podStore.podsMountingClaim(namespace, claimName);
        found.sort(Comparator.comparing(p -> p.getMetadata().getName()));
        return found;
    }

    @Override
    public Optional<OwnerReference> controllerOf(String namespace, String kind, String name) {
        requireSynced();
        String key = Cache.namespaceKeyFunc(namespace, name);
        if ("ReplicaSet".equals(kind)) {
            return replicaSetStore.controllerOf(key);
        }
        if ("Job".equals(kind)) {
            return jobStore.controllerOf(key);
        }
        return Optional.empty();
    }

    private void requireSynced() {
        if (!synced()) {
            List<String> pending = tracked.stream().filter(t -> !t.informer.hasSynced()).map(t -> t.resource)
                    .toList();
            throw new ClusterViewUnavailableException("walguard has not finished loading the cluster state from the "
                    + "Kubernetes API server (still listing " + String.join(", ", pending) + ")");
        }
    }

    // --- sync and outage logging ---

    private void logSyncOnce() {
        if (synced() && syncLogged.compareAndSet(false, true)) {
            LOG.infof("Live cluster view synced in %d ms: %s", TimeUnit.NANOSECONDS.toMillis(System.nanoTime()
                    - startNanos), cacheSizes());
        }
    }

    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.debugf(e, "cluster view check failed");
        }
    }

    /** Looks at every watch: one down for the grace period starts an outage; all up again ends it. */
    void check() {
        logSyncOnce();
        long now = System.nanoTime();
        long grace = options.outageGrace().toNanos();
        List<String> lost = new ArrayList<>();
        boolean allWatching = true;
        for (Tracked t : tracked) {
            if (t.informer.isWatching()) {
                t.downSince = NOT_DOWN;
                continue;
            }
            allWatching = false;
            if (t.downSince == NOT_DOWN) {
                t.downSince = now;
            } else if (now - t.downSince >= grace && t.informer.hasSynced()) {
                lost.add(t.resource);
            }
        }
        synchronized (this) {
            if (!inOutage && !lost.isEmpty()) {
                beginOutage("the watch on " + String.join(", ", lost) + " has been down for "
                        + human(options.outageGrace()) + (lastProblem == null ? "" : "; " + lastProblem));
            } else if (inOutage && allWatching) {
                inOutage = false;
                lastProblem = null;
                LOG.infof("Kubernetes API server reachable again after %d s: every watch runs and the caches are "
                        + "current", TimeUnit.NANOSECONDS.toSeconds(now - outageStartNanos));
            }
        }
    }

    /** Called by the informers' exception handler: a list or watch failed; fabric8 retries with back-off. */
    private synchronized void problem(String resource, Throwable t) {
        lastProblem = resource + ": " + describe(t);
        if (!inOutage && !closed) {
            beginOutage(lastProblem);
        }
    }

    private void beginOutage(String why) {
        inOutage = true;
        outages++;
        outageStartNanos = System.nanoTime();
        if (synced()) {
            LOG.warnf("Kubernetes API server unreachable (%s). Admissions keep being answered from the cached "
                    + "cluster state; the informers retry and re-list when it is back. Logged once per outage.", why);
        } else {
            LOG.warnf("Cannot load the cluster state from the Kubernetes API server (%s). Readiness stays DOWN until "
                    + "every cache has synced; retrying (logged once). On 403 Forbidden, check the RBAC rules in "
                    + "docs/rbac.md.", why);
        }
    }

    /** One line: {@code HTTP 403 Failure executing: GET ...} or {@code ConnectException: Connection refused}. */
    static String describe(Throwable t) {
        Throwable root = t;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof KubernetesClientException kce && kce.getCode() > 0) {
                return "HTTP " + kce.getCode() + " " + ErrorText.firstLine(kce.getMessage(), "");
            }
            root = c;
        }
        String message = ErrorText.firstLine(root.getMessage(), "");
        return root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }


    private static String human(Duration d) {
        return d.toMillis() < 1000 || d.toMillis() % 1000 != 0 ? d.toMillis() + " ms" : d.toSeconds() + " s";
    }

    private String resources() {
        return String.join(", ", tracked.stream().map(t -> t.resource).toList());
    }
}
