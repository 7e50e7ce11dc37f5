package dev.walguard.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Informer store for ReplicaSets and Jobs, which walguard reads to follow owner chains: it keeps name, namespace
 * (the key), uid, resourceVersion and the controller owner reference, nothing else. Objects handed back are rebuilt
 * from that, so they carry only those fields. The one exception is for the background audit: a <em>marked</em>
 * object <em>without</em> a controller owner (a bare ReplicaSet or Job, rare) is also kept whole, less status,
 * managedFields and the last-applied copy, and handed out by {@link #uncontrolledMarked()}.
 */
final class OwnerOnlyItemStore<T extends HasMetadata> extends ReducingItemStore<T, OwnerOnlyItemStore.Entry> {

    static final class Entry extends SlimObject {
        final Owner owner;
        final HasMetadata whole;

        Entry(HasMetadata o, WeakInterner interner, HasMetadata whole) {
            super(o.getMetadata());
            this.owner = Owner.of(o, interner);
            this.whole = owner == null ? whole : null;
        }
    }

    private final Supplier<T> factory;
    private final WeakInterner interner;
    private final WorkloadKind<T> marked;

    /** @param marked tells marked objects and trims them; null: keep no whole object (the audit is off) */
    OwnerOnlyItemStore(Supplier<T> factory, WeakInterner interner, WorkloadKind<T> marked) {
        super(true);
        this.factory = factory;
        this.interner = interner;
        this.marked = marked;
    }

    /** Marked objects without a controller owner, whole (see the class comment). */
    List<HasMetadata> uncontrolledMarked() {
        return entries().map(e -> e.getValue().whole).filter(Objects::nonNull).toList();
    }

    /** The controller owner of the object with this key, without rebuilding the object. */
    Optional<OwnerReference> controllerOf(String key) {
        Entry e = entry(key);
        return e == null || e.owner == null ? Optional.empty() : Optional.of(e.owner.reference());
    }

    @Override
    Entry reduce(T obj) {
        HasMetadata whole = null;
        if (marked != null && SlimObject.Owner.of(obj, interner) == null && marked.isMarked(obj)) {
            whole = marked.trim(obj);
        }
        return new Entry(obj, interner, whole);
    }

    @Override
    T restore(String key, Entry e) {
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
