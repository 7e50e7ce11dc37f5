package dev.walguard.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Informer store for ReplicaSets and Jobs, which walguard reads to follow owner chains: it keeps name, namespace
 * (the key), uid, resourceVersion and the controller owner reference, nothing else. Objects handed back are rebuilt
 * from that, so they carry only those fields. The one exception is for the background audit: a <em>marked</em>
 * object <em>without</em> a controller owner (a bare ReplicaSet or Job, rare) is also kept whole, less status,
 * managedFields and the last-applied copy, and handed out by {@link #uncontrolledMarked()}.
 */
final class OwnerOnlyItemStore<T extends HasMetadata> implements ItemStore<T> {

    private static final class Entry extends SlimObject {
        final Owner owner;
        final HasMetadata whole;

        Entry(HasMetadata o, WeakInterner interner, HasMetadata whole) {
            super(o.getMetadata());
            this.owner = Owner.of(o, interner);
            this.whole = owner == null ? whole : null;
        }
    }

    private final Map<String, Entry> items = new ConcurrentHashMap<>();
    private final Supplier<T> factory;
    private final WeakInterner interner;
    private final MarkedWorkloadItemStore<T> marked;

    OwnerOnlyItemStore(Supplier<T> factory, WeakInterner interner) {
        this(factory, interner, null);
    }

    /** @param marked decides which objects are marked and trims them; null: keep no whole object */
    OwnerOnlyItemStore(Supplier<T> factory, WeakInterner interner, MarkedWorkloadItemStore<T> marked) {
        this.factory = factory;
        this.interner = interner;
        this.marked = marked;
    }

    /** Marked objects without a controller owner, whole (see the class comment). */
    List<HasMetadata> uncontrolledMarked() {
        List<HasMetadata> out = new ArrayList<>();
        for (Entry e : items.values()) {
            if (e.whole != null) {
                out.add(e.whole);
            }
        }
        return out;
    }

    /** The controller owner of the object with this key, without rebuilding the object. */
    Optional<OwnerReference> controllerOf(String key) {
        Entry e = items.get(key);
        return e == null || e.owner == null ? Optional.empty() : Optional.of(e.owner.reference());
    }

    @Override
    public String getKey(T obj) {
        return Cache.metaNamespaceKeyFunc(obj);
    }

    @Override
    public T put(String key, T obj) {
        HasMetadata whole = null;
        if (marked != null && SlimObject.Owner.of(obj, interner) == null && marked.isMarked(obj)) {
            whole = marked.trim(obj);
        }
        return restore(key, items.put(key, new Entry(obj, interner, whole)));
    }

    @Override
    public T remove(String key) {
        return restore(key, items.remove(key));
    }

    @Override
    public Stream<String> keySet() {
        return items.keySet().stream();
    }

    @Override
    public Stream<T> values() {
        return items.entrySet().stream().map(e -> restore(e.getKey(), e.getValue()));
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public T get(String key) {
        return restore(key, items.get(key));
    }

    private T restore(String key, Entry e) {
        if (e == null) {
            return null;
        }
        T obj = factory.get();
        ObjectMeta meta = e.metadata(key);
        if (e.owner != null) {
            List<OwnerReference> refs = new ArrayList<>(1);
            refs.add(e.owner.reference());
            meta.setOwnerReferences(refs);
        }
        obj.setMetadata(meta);
        return obj;
    }
}
