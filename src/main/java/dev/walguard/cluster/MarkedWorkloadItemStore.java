package dev.walguard.cluster;

import dev.walguard.policy.Marking;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Informer store for Deployments, StatefulSets, DaemonSets and CronJobs, which only the background audit reads. It
 * keeps only <em>marked</em> objects ({@code walguard.dev/sqlite-wal} on the object or its pod template, other than
 * {@code "false"}), whole but without {@code status}, {@code managedFields} and kubectl's last-applied copy: the
 * audit needs the pod template and claim templates. Unmarked objects (nearly all of a cluster) cost nothing; an
 * object that loses its mark is dropped on its next update.
 */
final class MarkedWorkloadItemStore<T extends HasMetadata> implements ItemStore<T> {

    private final Map<String, T> items = new ConcurrentHashMap<>();
    private final Function<T, ObjectMeta> templateMetadata;
    private final Consumer<T> dropStatus;

    MarkedWorkloadItemStore(Function<T, ObjectMeta> templateMetadata, Consumer<T> dropStatus) {
        this.templateMetadata = templateMetadata;
        this.dropStatus = dropStatus;
    }

    boolean isMarked(T obj) {
        ObjectMeta template;
        try {
            template = templateMetadata.apply(obj);
        } catch (NullPointerException e) {
            template = null;
        }
        return Marking.isMarked(obj.getMetadata(), template);
    }

    @Override
    public String getKey(T obj) {
        return Cache.metaNamespaceKeyFunc(obj);
    }

    @Override
    public T put(String key, T obj) {
        if (!isMarked(obj)) {
            return items.remove(key);
        }
        return items.put(key, trim(obj));
    }

    /** The object less status, managedFields and the last-applied copy (in place). */
    T trim(T obj) {
        TrimmedItemStore.trim(obj.getMetadata());
        dropStatus.accept(obj);
        return obj;
    }

    @Override
    public T remove(String key) {
        return items.remove(key);
    }

    @Override
    public Stream<String> keySet() {
        return items.keySet().stream();
    }

    @Override
    public Stream<T> values() {
        return items.values().stream();
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public T get(String key) {
        return items.get(key);
    }

    /** Not every object is kept. */
    @Override
    public boolean isFullState() {
        return false;
    }

    List<T> list() {
        return List.copyOf(items.values());
    }
}
