package dev.walguard.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.NullNode;
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
        if (node.isContainerNode() && hasNullEntry(node)) {
            throw new Workloads.UnreadableWorkloadException("a list has a null entry at " + firstNullEntry(node, path));
        }
    }

    /** Depth-first without recursion: the parser bounds nesting, but a tree built in code may be deeper. */
    private static boolean hasNullEntry(JsonNode root) {
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
