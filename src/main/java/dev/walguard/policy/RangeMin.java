package dev.walguard.policy;

import java.util.Arrays;

/** The first path (least index) ending at each preorder number, and over ranges of them: an iterative segment tree. */
final class RangeMin {
    private final int size;
    private final int[] tree;

    RangeMin(int size) {
        this.size = size;
        this.tree = new int[2 * size];
        Arrays.fill(tree, Integer.MAX_VALUE);
    }

    void offer(int at, int value) {
        tree[size + at] = Math.min(tree[size + at], value);
    }

    void build() {
        for (int i = size - 1; i > 0; i--) {
            tree[i] = Math.min(tree[2 * i], tree[2 * i + 1]);
        }
    }

    int min(int lo, int hi) {
        int best = Integer.MAX_VALUE;
        for (int l = lo + size, r = hi + size + 1; l < r; l >>= 1, r >>= 1) {
            if ((l & 1) == 1) {
                best = Math.min(best, tree[l++]);
            }
            if ((r & 1) == 1) {
                best = Math.min(best, tree[--r]);
            }
        }
        return best;
    }
}
