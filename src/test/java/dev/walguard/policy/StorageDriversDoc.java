package dev.walguard.policy;

import dev.walguard.policy.DriverEntry.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Generates {@code docs/storage-drivers.md}: the prose of {@code storage-drivers.template.md} (test resources) with its
 * {@code {{drivers:<type>}}} placeholders replaced by tables of the {@code drivers.yaml} entries of that type, in file
 * order, and {@code {{entries}}} / {@code {{names}}} by counts. {@link StorageDriversDocTest} keeps the committed page
 * equal to this output.
 */
final class StorageDriversDoc {

    static final String REGENERATE = "./mvnw -B test -Dtest=StorageDriversDocTest -Dwalguard.regenerate-docs=true";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z:]+)}}");

    private StorageDriversDoc() {}

    /** The page for the catalogue on the test class path. */
    static String generate() throws IOException {
        String template;
        try (InputStream in = StorageDriversDoc.class.getResourceAsStream("storage-drivers.template.md")) {
            if (in == null) {
                throw new IllegalStateException("storage-drivers.template.md is missing from the test resources");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return generate(template, DriverEntry.read(DriverCatalog.class.getResource("drivers.yaml")));
    }

    static String generate(String template, List<DriverEntry> entries) {
        Map<String, String> values = Map.of(
                "entries", String.valueOf(entries.size()),
                "names",
                        String.valueOf(
                                entries.stream().mapToInt(e -> e.names().size()).sum()),
                "drivers:network", table(entries, Kind.NETWORK),
                "drivers:block", table(entries, Kind.BLOCK),
                "drivers:local", table(entries, Kind.LOCAL),
                "drivers:mixed", table(entries, Kind.MIXED));
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out =
                new StringBuilder("<!-- Generated from src/main/resources/dev/walguard/policy/drivers.yaml and "
                        + "src/test/resources/dev/walguard/policy/storage-drivers.template.md: edit those, then run "
                        + REGENERATE
                        + " -->\n");
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("unknown placeholder {{" + m.group(1) + "}} in the template");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String table(List<DriverEntry> entries, Kind kind) {
        StringBuilder t = new StringBuilder(
                kind == Kind.MIXED
                        ? "| driver / provisioner | product | network when | block when | source |\n|---|---|---|---|---|\n"
                        : "| driver / provisioner | product | source |\n|---|---|---|\n");
        for (DriverEntry e : entries) {
            if (e.type() != kind) {
                continue;
            }
            String names = e.names().stream().map(n -> "`" + n + "`").collect(Collectors.joining(", "));
            String product = e.note() == null ? e.product() : e.product() + ". " + e.note();
            t.append("| ").append(cell(names)).append(" | ").append(cell(product));
            if (kind == Kind.MIXED) {
                t.append(" | ").append(cell(e.networkWhen())).append(" | ").append(cell(e.blockWhen()));
            }
            t.append(" | [")
                    .append(linkText(e.source()))
                    .append("](")
                    .append(e.source())
                    .append(") |\n");
        }
        return t.toString().stripTrailing();
    }

    /** A table cell; a {@code |} would split it, so the file may not use one. */
    private static String cell(String text) {
        if (text.contains("|")) {
            throw new IllegalStateException("drivers.yaml text may not contain |, which splits a table cell: " + text);
        }
        return text;
    }

    /** {@code owner/repo} for GitHub, otherwise the host: short enough for a table, telling enough to trust. */
    static String linkText(String url) {
        URI uri = URI.create(url);
        String[] path = uri.getPath().split("/");
        if ("github.com".equals(uri.getHost()) && path.length >= 3) {
            return path[1] + "/" + path[2];
        }
        return uri.getHost();
    }
}
