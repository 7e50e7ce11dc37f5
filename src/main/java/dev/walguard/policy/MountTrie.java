package dev.walguard.policy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The trie of {@link MountIndex}: a node per directory some mountPath passes through, numbered in preorder once every
 * mount is in, so that each subtree is an interval of numbers.
 */
final class MountTrie {

    static final class Node {
        private Map<String, Node> children;
        Node parent;
        /** The preorder number, and the last number in this node's subtree ({@link #number()}). */
        int order;

        int last;
        int depth;
        /** A mount of the container last added here; a container's later mount at the same path never wins. */
        int lastContainer = -1;
    }

    private final Node root = new Node();

    /** The node of a mountPath ({@link ContainerPath#mountSegments}), added with its parents when new. */
    Node add(String mountPath) {
        Node node = root;
        for (String segment : ContainerPath.mountSegments(mountPath)) {
            if (node.children == null) {
                node.children = new HashMap<>();
            }
            Node parent = node;
            node = node.children.computeIfAbsent(segment, s -> new Node());
            node.parent = parent;
            node.depth = parent.depth + 1;
        }
        return node;
    }

    /** Where a path's walk down the trie ends: the deepest node on it (the root when none is). */
    Node end(List<String> segments) {
        Node node = root;
        for (String segment : segments) {
            Node child = node.children == null ? null : node.children.get(segment);
            if (child == null) {
                break;
            }
            node = child;
        }
        return node;
    }

    /**
     * Numbers the nodes in preorder and records each subtree's last number; returns the nodes in that order. Called
     * once, after every mount is added.
     */
    List<Node> number() {
        List<Node> preorder = new ArrayList<>();
        Deque<Node> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            n.order = preorder.size();
            n.last = n.order;
            preorder.add(n);
            if (n.children != null) {
                n.children.values().forEach(stack::push);
            }
        }
        // In reverse preorder each subtree is done before its root: hand each node's last number to its parent.
        for (int k = preorder.size() - 1; k > 0; k--) {
            Node n = preorder.get(k);
            n.parent.last = Math.max(n.parent.last, n.last);
        }
        return preorder;
    }
}
