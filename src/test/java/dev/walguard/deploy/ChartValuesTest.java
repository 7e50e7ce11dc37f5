package dev.walguard.deploy;

import static dev.walguard.deploy.Charts.CHART;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The values table of charts/walguard/README.md against values.yaml, so neither can drift.
 *
 * <p>A value is a key of values.yaml with a {@code # --} comment right above it (helm-docs' convention). A key
 * whose children carry {@code # --} comments is a section, not a value; a value whose own value is a map or a list
 * is documented as a whole ({@code resources}). The README has one row per value, in the order of values.yaml, with
 * the default written as YAML flow in backticks.
 */
class ChartValuesTest {

    private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z][A-Za-z0-9]*):.*$");
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| (.*?) \\| (.*) \\|$");

    private static Map<String, Object> values;
    /** Value paths with their {@code # --} description, in file order. */
    private static Map<String, String> documented;

    @BeforeAll
    static void parse() throws IOException {
        values = new YAMLMapper().readValue(CHART.resolve("values.yaml").toFile(), new TypeReference<>() {});
        documented = documentedKeys(Files.readAllLines(CHART.resolve("values.yaml")));
    }

    @Test
    void everyLeafOfValuesYamlIsDocumentedWithADashDashComment() {
        List<String> undocumented = leaves(values, "").stream()
                .filter(leaf -> rows().stream().noneMatch(row -> leaf.equals(row) || leaf.startsWith(row + ".")))
                .toList();
        assertThat(undocumented)
                .as("values.yaml keys without a '# --' comment above them (or above a parent "
                        + "documented as a whole)")
                .isEmpty();
        assertThat(rows())
                .as("documented values")
                .contains("mode", "resources", "serviceMonitor.labels", "test.image.tag");
    }

    @Test
    void theReadmeTableHasOneRowPerValueWithItsDefault() throws IOException {
        Map<String, String[]> table = readmeTable(Files.readAllLines(CHART.resolve("README.md")));

        List<String> expected = rows();
        List<String> missing =
                expected.stream().filter(k -> !table.containsKey(k)).toList();
        assertThat(missing)
                .as(
                        "values without a row in charts/walguard/README.md; add:%n%s",
                        missing.stream().map(ChartValuesTest::suggestedRow).collect(Collectors.joining("\n")))
                .isEmpty();
        assertThat(table.keySet())
                .as("rows in charts/walguard/README.md for keys values.yaml does not document")
                .containsExactlyElementsOf(expected);

        for (String key : expected) {
            String[] row = table.get(key);
            assertThat(row[0])
                    .as("default of %s in the README; values.yaml says", key)
                    .isEqualTo(defaultCell(key));
            assertThat(row[1]).as("meaning of %s in the README", key).isNotBlank();
        }
    }

    @Test
    void defaultsAreWrittenAsYamlFlow() {
        assertThat(defaultCell("mode")).isEqualTo("`enforce`");
        assertThat(defaultCell("image.tag")).isEqualTo("`\"\"`");
        assertThat(defaultCell("exemptNamespaces")).isEqualTo("`[kube-system, kube-public, kube-node-lease]`");
        assertThat(defaultCell("certManager.issuerRef")).isEqualTo("`{}`");
        assertThat(defaultCell("resources"))
                .isEqualTo("`{requests: {cpu: 100m, memory: 256Mi}, limits: {cpu: \"1\", memory: 512Mi}}`");
        assertThat(defaultCell("serviceMonitor.enabled")).isEqualTo("`false`");
    }

    /** Documented keys that are values: those with no documented key below them. */
    private static List<String> rows() {
        return documented.keySet().stream()
                .filter(key -> documented.keySet().stream().noneMatch(other -> other.startsWith(key + ".")))
                .toList();
    }

    /** Paths of scalars, lists and empty maps: what a user sets. */
    private static List<String> leaves(Map<String, Object> map, String prefix) {
        List<String> out = new ArrayList<>();
        map.forEach((key, value) -> {
            String path = prefix + key;
            if (value instanceof Map<?, ?> child && !child.isEmpty()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) child;
                out.addAll(leaves(typed, path + "."));
            } else {
                out.add(path);
            }
        });
        return out;
    }

    /**
     * Keys (as dotted paths through maps) whose comment block right above starts with {@code # --}. Keys inside
     * lists, and lines that are not keys of values.yaml's maps, are skipped.
     */
    private static Map<String, String> documentedKeys(List<String> lines) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String[]> stack = new ArrayList<>(); // {indent, key}
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = KEY.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            int indent = m.group(1).length();
            while (!stack.isEmpty() && Integer.parseInt(stack.get(stack.size() - 1)[0]) >= indent) {
                stack.remove(stack.size() - 1);
            }
            stack.add(new String[] {String.valueOf(indent), m.group(2)});
            String path = stack.stream().map(s -> s[1]).collect(Collectors.joining("."));
            if (!existsThroughMaps(path)) {
                continue;
            }
            int first = i;
            while (first > 0 && lines.get(first - 1).strip().startsWith("#")) {
                first--;
            }
            if (first < i && lines.get(first).strip().startsWith("# --")) {
                out.put(
                        path,
                        lines.get(first).strip().substring("# --".length()).strip());
            }
        }
        return out;
    }

    private static boolean existsThroughMaps(String path) {
        Object node = values;
        for (String part : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(part)) {
                return false;
            }
            node = map.get(part);
        }
        return true;
    }

    private static Object valueAt(String path) {
        Object node = values;
        for (String part : path.split("\\.")) {
            node = ((Map<?, ?>) node).get(part);
        }
        return node;
    }

    /** Rows of the table under "## Values": key → {default, meaning}. */
    private static Map<String, String[]> readmeTable(List<String> lines) {
        Map<String, String[]> table = new LinkedHashMap<>();
        boolean inValues = false;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                inValues = line.equals("## Values");
                continue;
            }
            Matcher m = ROW.matcher(line);
            if (inValues && m.matches()) {
                assertThat(table).as("one row for %s", m.group(1)).doesNotContainKey(m.group(1));
                table.put(m.group(1), new String[] {m.group(2), m.group(3)});
            }
        }
        return table;
    }

    private static String defaultCell(String key) {
        return "`" + flow(valueAt(key)) + "`";
    }

    private static String suggestedRow(String key) {
        return "| `" + key + "` | " + defaultCell(key) + " | " + documented.get(key) + " |";
    }

    /** YAML flow style, quoting only strings that would otherwise read as something else. */
    private static String flow(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream()
                    .map(e -> e.getKey() + ": " + flow(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ChartValuesTest::flow).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof String s && (s.isEmpty() || s.matches("-?[0-9]+(\\.[0-9]+)?|true|false|null|~"))) {
            return "\"" + s + "\"";
        }
        return String.valueOf(value);
    }
}
