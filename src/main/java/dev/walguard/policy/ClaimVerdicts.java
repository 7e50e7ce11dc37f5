package dev.walguard.policy;

import java.lang.ref.WeakReference;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The verdicts on claims the cluster view holds, kept for as long as the view holds the same objects. A claim's
 * verdict depends only on the claim, its PersistentVolume and its StorageClass (and the classifier's fixed patterns
 * and catalogue); the view's objects are never changed in place (an informer replaces an object when it changes), so
 * the same three objects always give the same verdict. Every marked review classifies its claims: without this, each
 * one walked the catalogue, the network signals and the driver facts of the same unchanged objects again.
 *
 * <p>Objects are held weakly, by identity: an entry never keeps a replaced object alive, and never matches its
 * replacement. At most {@link #MAX} entries; beyond that the cache starts again empty.
 */
final class ClaimVerdicts {

    /** More claims than most clusters have; each entry is a few small objects. */
    static final int MAX = 4096;

    private final ConcurrentHashMap<Key, StorageVerdict> verdicts = new ConcurrentHashMap<>();

    /** The verdict kept for these objects, else {@code judge}'s, kept. {@code pv} and {@code sc} may be null. */
    StorageVerdict get(
            String namespace, String claimName, Object claim, Object pv, Object sc, Supplier<StorageVerdict> judge) {
        Key key = new Key(namespace, claimName, claim, pv, sc);
        StorageVerdict verdict = verdicts.get(key);
        if (verdict == null) {
            verdict = judge.get();
            if (verdicts.size() >= MAX) {
                verdicts.clear();
            }
            verdicts.put(key, verdict);
        }
        return verdict;
    }

    int size() {
        return verdicts.size();
    }

    /** Names by value, objects by identity; an absent object (no PV, no class) matches only absence. */
    private static final class Key {
        private final String namespace;
        private final String claimName;
        private final WeakReference<Object> claim;
        private final WeakReference<Object> pv;
        private final WeakReference<Object> sc;
        private final int hash;

        Key(String namespace, String claimName, Object claim, Object pv, Object sc) {
            this.namespace = namespace;
            this.claimName = claimName;
            this.claim = new WeakReference<>(Objects.requireNonNull(claim));
            this.pv = pv == null ? null : new WeakReference<>(pv);
            this.sc = sc == null ? null : new WeakReference<>(sc);
            this.hash = Objects.hash(namespace, claimName)
                    + 31 * System.identityHashCode(claim)
                    + 961 * System.identityHashCode(pv)
                    + 29791 * System.identityHashCode(sc);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k
                    && hash == k.hash
                    && Objects.equals(namespace, k.namespace)
                    && Objects.equals(claimName, k.claimName)
                    && same(claim, k.claim)
                    && same(pv, k.pv)
                    && same(sc, k.sc);
        }

        /** Both absent, or both the same live object (a collected one matches nothing). */
        private static boolean same(WeakReference<Object> a, WeakReference<Object> b) {
            if (a == null || b == null) {
                return a == b;
            }
            Object x = a.get();
            return x != null && x == b.get();
        }
    }
}
