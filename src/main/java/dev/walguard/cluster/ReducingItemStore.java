package dev.walguard.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * An informer store that keeps a reduced entry per object rather than the object, and rebuilds a fresh object from
 * it on every read (callers cannot alter the cache). Subclasses only say how an object is reduced and restored; the
 * map of entries, the keys and the reads live here.
 *
 * @param <T> the kind the informer lists
 * @param <E> what is kept of one object
 */
abstract class ReducingItemStore<T extends HasMetadata, E> implements ItemStore<T> {

    private final Map<String, E> entries = new ConcurrentHashMap<>();
    private final boolean keepsEveryObject;

    /**
     * @param keepsEveryObject whether every object put is kept (fabric8's {@link #isFullState()}): the informer
     *                         then holds back the add events of its first list until the list is complete and reads
     *                         them back from the store; a store that drops objects must have them delivered at once
     */
    ReducingItemStore(boolean keepsEveryObject) {
        this.keepsEveryObject = keepsEveryObject;
    }

    /** What to keep of the object, or null to keep nothing (and drop what was kept under its key). */
    abstract E reduce(T obj);

    /** A new object rebuilt from what was kept under the key. */
    abstract T restore(String key, E entry);

    /**
     * Called after each write with what was kept before and after (either may be null), for stores that index their
     * entries. The informer's cache serializes all writes.
     */
    void changed(String key, E old, E kept) {}

    /** The kept entries, for the subclasses' own queries. */
    final Stream<Map.Entry<String, E>> entries() {
        return entries.entrySet().stream();
    }

    /** What is kept under the key, or null; for lookups that need no rebuilt object. */
    final E entry(String key) {
        return entries.get(key);
    }

    @Override
    public final String getKey(T obj) {
        return Cache.metaNamespaceKeyFunc(obj);
    }

    @Override
    public final T put(String key, T obj) {
        E kept = reduce(obj);
        E old = kept == null ? entries.remove(key) : entries.put(key, kept);
        changed(key, old, kept);
        return restoreOrNull(key, old);
    }

    @Override
    public final T remove(String key) {
        E old = entries.remove(key);
        if (old != null) {
            changed(key, old, null);
        }
        return restoreOrNull(key, old);
    }

    @Override
    public final Stream<String> keySet() {
        return entries.keySet().stream();
    }

    @Override
    public final Stream<T> values() {
        return entries().map(e -> restore(e.getKey(), e.getValue()));
    }

    @Override
    public final int size() {
        return entries.size();
    }

    @Override
    public final T get(String key) {
        return restoreOrNull(key, entries.get(key));
    }

    @Override
    public final boolean isFullState() {
        return keepsEveryObject;
    }

    private T restoreOrNull(String key, E entry) {
        return entry == null ? null : restore(key, entry);
    }
}
