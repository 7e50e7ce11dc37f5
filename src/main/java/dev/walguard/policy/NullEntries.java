package dev.walguard.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * Finds a null list entry ({@code containers: [null]}) in a part of a workload before it is bound: the rules would
 * trip over it, so it makes the workload unreadable. The common case, no null entry, is one walk that allocates an
 * iterator per list or object and builds no path; only a tree that has one is walked again to name it.
 */
final class NullEntries {

    private NullEntries() {}

    /**
     * Throws when {@code node} holds a null list entry at any depth, naming the first in document order.
     *
     * @param path where {@code node} is, to start the path in the message
     */
    static void reject(JsonNode node, String path) {
        if (node.isContainerNode() && hasNullEntry(node, 0)) {
            throw new Workloads.UnreadableWorkloadException("a list has a null entry at " + firstNullEntry(node, path));
        }
    }

    /**
     * Recursion this deep at most: the parser bounds nesting at 200, but a tree built in code may be deeper, and
     * below this depth the walk goes on without recursion ({@link #hasNullEntryDeep}).
     */
    private static final int RECURSION = 64;

    /**
     * Recursive down to {@link #RECURSION}: lists by index and objects by their values, with no stack of iterators to
     * keep, as this visits every node of the part.
     */
    private static boolean hasNullEntry(JsonNode node, int depth) {
        if (depth == RECURSION) {
            return hasNullEntryDeep(node);
        }
        // Type checks rather than the node's virtual isX().
        if (node instanceof ArrayNode array) {
            for (int i = 0, n = array.size(); i < n; i++) {
                JsonNode child = array.get(i);
                if (child instanceof NullNode
                        || (child instanceof ContainerNode<?> && hasNullEntry(child, depth + 1))) {
                    return true;
                }
            }
        } else if (node instanceof ObjectNode object) {
            for (Iterator<JsonNode> values = object.elements(); values.hasNext(); ) {
                JsonNode child = values.next();
                if (child instanceof ContainerNode<?> && hasNullEntry(child, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Depth-first without recursion, for what lies below {@link #RECURSION}. */
    private static boolean hasNullEntryDeep(JsonNode root) {
        Deque<JsonNode> parents = new ArrayDeque<>();
        Deque<Iterator<JsonNode>> todo = new ArrayDeque<>();
        parents.push(root);
        todo.push(root.elements());
        while (!todo.isEmpty()) {
            Iterator<JsonNode> children = todo.peek();
            if (!children.hasNext()) {
                todo.pop();
                parents.pop();
                continue;
            }
            JsonNode child = children.next();
            // Type checks rather than the node's virtual isX(): this loop visits every node of the part.
            if (child instanceof ContainerNode<?> container) {
                if (!container.isEmpty()) {
                    parents.push(child);
                    todo.push(child.elements());
                }
            } else if (child instanceof NullNode && parents.peek() instanceof ArrayNode) {
                return true;
            }
        }
        return false;
    }

    /** The path of the first null list entry under {@code node}, which has one. */
    private static String firstNullEntry(JsonNode node, String path) {
        Deque<Step> todo = new ArrayDeque<>();
        todo.push(new Step(node, null, null, -1));
        List<Step> children = new ArrayList<>();
        while (!todo.isEmpty()) {
            Step step = todo.pop();
            JsonNode n = step.node();
            if (n.isNull() && step.index() >= 0) {
                return step.path(path);
            }
            children.clear();
            if (n.isArray()) {
                for (int i = 0; i < n.size(); i++) {
                    children.add(new Step(n.get(i), step, null, i));
                }
            } else if (n.isObject()) {
                n.properties().forEach(e -> children.add(new Step(e.getValue(), step, e.getKey(), -1)));
            }
            for (int i = children.size() - 1; i >= 0; i--) {
                todo.push(children.get(i));
            }
        }
        throw new IllegalStateException("no null entry under " + path);
    }

    /** One node of the walk below: its parent, and its field name or (for a list entry) its index. */
    private record Step(JsonNode node, Step parent, String field, int index) {

        /** {@code base.a[2].b}: built only for the error, so long keys are not copied for every node. */
        String path(String base) {
            List<Step> steps = new ArrayList<>();
            for (Step s = this; s.parent() != null; s = s.parent()) {
                steps.add(s);
            }
            StringBuilder at = new StringBuilder(base);
            for (int i = steps.size() - 1; i >= 0; i--) {
                Step s = steps.get(i);
                at.append(s.field() != null ? "." + s.field() : "[" + s.index() + "]");
            }
            return at.toString();
        }
    }
}
