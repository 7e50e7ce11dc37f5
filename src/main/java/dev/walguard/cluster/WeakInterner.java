package dev.walguard.cluster;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Hands out one canonical instance per distinct immutable value, so that the many pods of one ReplicaSet share one
 * copy of their (identical) reduced spec and owner. Entries go away with the last cached object that uses them.
 */
final class WeakInterner {

    private final Map<Object, WeakReference<Object>> canonical = new WeakHashMap<>();

    @SuppressWarnings("unchecked")
    synchronized <T> T intern(T value) {
        if (value == null) {
            return null;
        }
        WeakReference<Object> ref = canonical.get(value);
        Object existing = ref == null ? null : ref.get();
        if (existing != null) {
            return (T) existing;
        }
        canonical.put(value, new WeakReference<>(value));
        return value;
    }

    /** Distinct values held (for tests and diagnostics). */
    synchronized int size() {
        return canonical.size();
    }

    /** Strings are interned in the JVM's own table, which also forgets unreferenced entries. */
    static String string(String s) {
        return s == null ? null : s.intern();
    }
}
