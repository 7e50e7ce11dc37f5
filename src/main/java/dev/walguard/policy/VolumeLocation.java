package dev.walguard.policy;

import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.List;

/**
 * Where on its volume a mount's files live: its {@code subPath} (or the volume root), or its {@code subPathExpr}.
 * Two mounts see each other's files, and so can share a database, only when their locations {@link #overlap}.
 *
 * <p>A plain subPath is normalised ({@code a/b/}, {@code ./a}, {@code a//b} all mean {@code a/b}) and compared by
 * segments: {@code son} is not an ancestor of {@code sonarr}. A subPathExpr expands per pod: {@code literal} holds
 * the segments before the first one with a {@code $(} variable, {@code rest} the segments from it on, and
 * {@code pod} the pod that expands it. Within one pod an expression expands one way, so two expressions compare by
 * their text; across pods they never overlap (they usually carry the pod's name). An expression and a plain subPath
 * overlap when the plain path and the expression's literal prefix are one an ancestor of (or equal to) the other:
 * the expression might expand to the plain path or below it.
 *
 * @param literal the plain segments
 * @param pod     the pod expanding a subPathExpr, or null for a plain subPath
 * @param rest    the expression's segments from its first variable on; empty for a plain subPath
 */
record VolumeLocation(List<String> literal, String pod, List<String> rest) {

    static final VolumeLocation ROOT = new VolumeLocation(List.of(), null, List.of());

    /** The location of a mount of the pod named {@code pod} (any key unique to that pod). */
    static VolumeLocation of(VolumeMount m, String pod) {
        String expr = m.getSubPathExpr();
        if (expr != null && !expr.isEmpty()) {
            List<String> segments = ContainerPath.subPathSegments(expr);
            for (int i = 0; i < segments.size(); i++) {
                if (segments.get(i).contains("$(")) {
                    return new VolumeLocation(
                            List.copyOf(segments.subList(0, i)),
                            pod,
                            List.copyOf(segments.subList(i, segments.size())));
                }
            }
            return new VolumeLocation(List.copyOf(segments), null, List.of());
        }
        String sub = m.getSubPath();
        return sub == null || sub.isEmpty()
                ? ROOT
                : new VolumeLocation(List.copyOf(ContainerPath.subPathSegments(sub)), null, List.of());
    }

    /** {@code sonarr/config}, or {@code data/$(POD_NAME)} for an expression; empty at the root. */
    String text() {
        if (rest.isEmpty()) {
            return Prose.clip(String.join("/", literal));
        }
        List<String> all = new ArrayList<>(literal);
        all.addAll(rest);
        return Prose.clip(String.join("/", all));
    }

    /** The location of {@code remainder} below this one: a database file under a mount's subPath. */
    VolumeLocation resolve(List<String> remainder) {
        if (remainder.isEmpty()) {
            return this;
        }
        List<String> below = new ArrayList<>(pod == null ? literal : rest);
        below.addAll(remainder);
        return pod == null
                ? new VolumeLocation(List.copyOf(below), null, List.of())
                : new VolumeLocation(literal, pod, List.copyOf(below));
    }

    boolean isRoot() {
        return pod == null && literal.isEmpty();
    }

    /** Whether the two mounts can see the same files. */
    static boolean overlap(VolumeLocation a, VolumeLocation b) {
        return a.covers(b) || b.covers(a);
    }

    /**
     * Whether this location is at or above {@code other}: every location that covers one location pairwise
     * overlaps the others (but for expressions of different pods that each might expand to one plain path), and
     * of two overlapping locations one covers the other.
     */
    boolean covers(VolumeLocation other) {
        if (pod == null) {
            return isPrefix(literal, other.literal);
        }
        if (other.pod == null) {
            return isPrefix(literal, other.literal);
        }
        return pod.equals(other.pod) && literal.equals(other.literal) && isPrefix(rest, other.rest);
    }

    private static boolean isPrefix(List<String> prefix, List<String> of) {
        return prefix.size() <= of.size() && prefix.equals(of.subList(0, prefix.size()));
    }
}
