package dev.walguard.cluster;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A field whose value has the wrong type for the Kubernetes model, in words: where it is (line and column in the
 * YAML, and the field path) and what was expected. Jackson's own message names Java classes, which mean nothing to
 * someone fixing a Helm chart.
 */
final class WrongType {

    private static final Pattern FOUND = Pattern.compile("from (String \"[^\"]{0,80}\"?|Object value|Array value"
            + "|Boolean value|Integer value|Floating-point value|\\[Unavailable value\\])");

    private WrongType() {}

    /** @param yaml the document's composed YAML to find the line in, or null (JSON, items of a List) */
    static String describe(Throwable e, Node yaml) {
        JsonMappingException m = find(e);
        if (m == null || m.getPath().isEmpty()) {
            return "its fields do not have the types Kubernetes expects";
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        String where = place(yaml, m.getPath());
        return where + path + ": expected " + expected(m) + found(m.getOriginalMessage());
    }

    private static JsonMappingException find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonMappingException m) {
                return m;
            }
        }
        return null;
    }

    private static String expected(JsonMappingException m) {
        Class<?> type = m instanceof MismatchedInputException mi ? mi.getTargetType() : null;
        if (type == null) {
            return "another type";
        }
        if (type == Long.class
                || type == Integer.class
                || type == long.class
                || type == int.class
                || type == Short.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.") ? "a mapping" : "another type";
    }

    private static String found(String message) {
        Matcher f = message == null ? null : FOUND.matcher(message);
        if (f == null || !f.find()) {
            return "";
        }
        String what = f.group(1);
        return ", found "
                + switch (what.substring(0, what.indexOf(' ') < 0 ? what.length() : what.indexOf(' '))) {
                    case "String" -> "the string " + what.substring("String ".length());
                    case "Object" -> "a mapping";
                    case "Array" -> "a list";
                    case "Boolean" -> "true or false";
                    case "Integer", "Floating-point" -> "a number";
                    default -> "another type";
                };
    }

    /** "line 5, column 3, at " for the deepest YAML node on the path, or "at " when there is no YAML. */
    private static String place(Node yaml, List<JsonMappingException.Reference> path) {
        Node at = yaml;
        for (JsonMappingException.Reference r : path) {
            Node next = null;
            if (at instanceof MappingNode map && r.getFieldName() != null) {
                for (NodeTuple t : map.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(r.getFieldName())) {
                        next = t.getValueNode();
                    }
                }
            } else if (at instanceof SequenceNode seq
                    && r.getIndex() >= 0
                    && r.getIndex() < seq.getValue().size()) {
                next = seq.getValue().get(r.getIndex());
            }
            if (next == null) {
                break;
            }
            at = next;
        }
        Mark mark = at == null ? null : at.getStartMark();
        return mark == null ? "at " : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ", at ";
    }
}
