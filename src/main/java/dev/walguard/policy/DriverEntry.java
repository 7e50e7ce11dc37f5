package dev.walguard.policy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One product line of the driver catalogue file {@code drivers.yaml}: the driver and provisioner names it registers,
 * the kind of storage it serves and where that is documented. The file's header explains the fields.
 *
 * @param names       exact names or {@code *} globs, matched case-insensitively
 * @param type        what the driver serves
 * @param product     the product, as verdicts name it
 * @param source      an https link to where the names come from
 * @param note        optional words for the documentation
 * @param networkWhen for mixed drivers, when they are network (for the documentation)
 * @param blockWhen   for mixed drivers, when they are block (for the documentation)
 */
record DriverEntry(
        List<String> names,
        Kind type,
        String product,
        String source,
        String note,
        String networkWhen,
        String blockWhen) {

    /** What a driver serves; {@code MIXED} drivers serve files and blocks and have a decider. */
    enum Kind {
        NETWORK,
        BLOCK,
        LOCAL,
        MIXED;

        /** The word used in the file. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private record CatalogFile(List<DriverEntry> drivers) {}

    /** Reads and checks a catalogue file; any problem fails with every problem found, so the file is fixed at once. */
    static List<DriverEntry> read(URL file) {
        if (file == null) {
            throw new IllegalStateException("the driver catalogue drivers.yaml is missing from the classpath");
        }
        CatalogFile parsed;
        try (InputStream in = file.openStream()) {
            parsed = yamlMapper().readValue(in, CatalogFile.class);
        } catch (IOException e) {
            throw new IllegalStateException("the driver catalogue " + file + " is not readable: " + e.getMessage(), e);
        }
        List<String> problems = problems(parsed == null ? null : parsed.drivers());
        if (!problems.isEmpty()) {
            throw new IllegalStateException(
                    "the driver catalogue " + file + " is malformed:\n  - " + String.join("\n  - ", problems));
        }
        return List.copyOf(parsed.drivers());
    }

    private static List<String> problems(List<DriverEntry> entries) {
        List<String> problems = new ArrayList<>();
        if (entries == null || entries.isEmpty()) {
            problems.add("it has no drivers");
            return problems;
        }
        Map<String, String> owners = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            DriverEntry e = entries.get(i);
            String where = "entry " + (i + 1) + (e == null || blank(e.product()) ? "" : " (" + e.product() + ")");
            if (e == null) {
                problems.add(where + " is empty");
                continue;
            }
            if (e.names() == null || e.names().isEmpty()) {
                problems.add(where + " has no names");
            } else {
                for (String name : e.names()) {
                    if (blank(name)) {
                        problems.add(where + " has a blank name");
                    } else if (owners.putIfAbsent(name.trim().toLowerCase(Locale.ROOT), where) != null) {
                        problems.add(where + " repeats " + name + ", already in "
                                + owners.get(name.trim().toLowerCase(Locale.ROOT)));
                    }
                }
            }
            if (e.type() == null) {
                problems.add(where + " has no type (network, block, local or mixed)");
            }
            if (blank(e.product())) {
                problems.add(where + " has no product");
            }
            if (e.source() == null || !e.source().startsWith("https://")) {
                problems.add(where + " has no https source");
            }
            boolean mixed = e.type() == Kind.MIXED;
            if (mixed && (blank(e.networkWhen()) || blank(e.blockWhen()))) {
                problems.add(where + " is mixed but does not say networkWhen and blockWhen");
            }
            if (!mixed && (e.networkWhen() != null || e.blockWhen() != null)) {
                problems.add(where + " says networkWhen/blockWhen but is not mixed");
            }
        }
        return problems;
    }

    private static ObjectMapper yamlMapper() {
        // Unknown fields fail (Jackson's default), so a misspelt field is an error rather than ignored.
        return new YAMLMapper().enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
