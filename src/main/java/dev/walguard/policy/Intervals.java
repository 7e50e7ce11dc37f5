package dev.walguard.policy;

import java.util.Arrays;

/**
 * Intervals of preorder numbers of {@link MountIndex}'s trie, each where a container's mount of a volume is the one
 * paths lie on: parallel arrays of from, to, mount (its index in MountIndex's list of mounts) and volume id, so a
 * hundred thousand mounts make four arrays rather than a hundred thousand objects.
 */
final class Intervals {
    int size;
    int[] lo;
    int[] hi;
    int[] mount;
    int[] volume;

    Intervals(int capacity) {
        int n = Math.max(4, 2 * capacity);
        lo = new int[n];
        hi = new int[n];
        mount = new int[n];
        volume = new int[n];
    }

    void add(int from, int to, int m, int v) {
        if (from > to) {
            return;
        }
        if (size == lo.length) {
            lo = Arrays.copyOf(lo, 2 * size);
            hi = Arrays.copyOf(hi, 2 * size);
            mount = Arrays.copyOf(mount, 2 * size);
            volume = Arrays.copyOf(volume, 2 * size);
        }
        lo[size] = from;
        hi[size] = to;
        mount[size] = m;
        volume[size] = v;
        size++;
    }

    /** Indexes of the intervals grouped by volume (a counting sort), each group sorted by start. */
    int[] byVolume(int volumes) {
        int[] start = new int[volumes + 1];
        for (int i = 0; i < size; i++) {
            start[volume[i] + 1]++;
        }
        for (int v = 0; v < volumes; v++) {
            start[v + 1] += start[v];
        }
        int[] next = Arrays.copyOf(start, volumes);
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[next[volume[i]]++] = i;
        }
        for (int v = 0; v < volumes; v++) {
            if (start[v + 1] - start[v] > 1) {
                sortByStart(out, start[v], start[v + 1]);
            }
        }
        return out;
    }

    /** Sorts {@code indexes[from..to)} by start, then index (as the stable sort did), without boxing. */
    private void sortByStart(int[] indexes, int from, int to) {
        long[] keyed = new long[to - from];
        for (int k = from; k < to; k++) {
            keyed[k - from] = ((long) lo[indexes[k]] << 32) | indexes[k];
        }
        Arrays.sort(keyed);
        for (int k = from; k < to; k++) {
            indexes[k] = (int) keyed[k - from];
        }
    }
}
