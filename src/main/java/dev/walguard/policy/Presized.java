package dev.walguard.policy;

import java.util.HashMap;
import java.util.HashSet;

/**
 * Hash maps and sets made large enough for a known number of entries (Java 17 has no {@code HashMap.newHashMap}): a
 * review may hold tens of thousands of volumes, mounts or paths, and growing a table to that size rehashes every
 * entry about ten times over.
 */
final class Presized {

    private Presized() {}

    static <K, V> HashMap<K, V> hashMap(int entries) {
        return new HashMap<>(capacity(entries));
    }

    static <E> HashSet<E> hashSet(int entries) {
        return new HashSet<>(capacity(entries));
    }

    /** The capacity at which {@code entries} stay under the default load factor of 0.75. */
    private static int capacity(int entries) {
        return Math.max(16, (int) (entries / 0.75f) + 1);
    }
}
