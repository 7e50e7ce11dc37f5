package dev.walguard.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Filesystem types (as mountinfo names them) and their storage class, from {@code filesystems.yaml} beside this
 * class. A type that is not listed is {@link Storage#UNKNOWN}, FUSE ones included: {@code fuse.<name>} can be a
 * network client or a local overlay, and only a listed name says which.
 */
public final class FilesystemCatalogue {

    /** One entry of the data file. */
    public record Entry(List<String> names, Storage storage, String product, String source) {}

    private static final String RESOURCE = "filesystems.yaml";

    private final List<Entry> entries;
    private final Map<String, Storage> byName;

    FilesystemCatalogue(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        this.byName = new HashMap<>();
        for (Entry entry : entries) {
            for (String name : entry.names()) {
                if (byName.put(name, entry.storage()) != null) {
                    throw new IllegalArgumentException("filesystem type " + name + " is listed twice");
                }
            }
        }
    }

    /** The catalogue shipped in the jar. */
    public static FilesystemCatalogue builtIn() {
        try (InputStream in = FilesystemCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static FilesystemCatalogue read(InputStream in) throws IOException {
        JsonNode root = new YAMLMapper().readTree(in);
        List<Entry> entries = new ArrayList<>();
        for (JsonNode node : root.path("filesystems")) {
            List<String> names = new ArrayList<>();
            node.path("names").forEach(n -> names.add(n.asText()));
            entries.add(new Entry(
                    names,
                    Storage.fromLabel(node.path("storage").asText()),
                    node.path("product").asText(),
                    node.path("source").asText()));
        }
        return new FilesystemCatalogue(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The storage class of a mountinfo filesystem type, e.g. {@code nfs4} is network. */
    public Storage classify(String fsType) {
        if (fsType == null) {
            return Storage.UNKNOWN;
        }
        return byName.getOrDefault(fsType.toLowerCase(Locale.ROOT), Storage.UNKNOWN);
    }
}
