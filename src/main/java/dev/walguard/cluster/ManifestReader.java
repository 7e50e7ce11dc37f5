package dev.walguard.cluster;

import dev.walguard.policy.ErrorText;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads Kubernetes manifests: YAML or JSON, multi-document files, {@code List} objects, whole directory trees
 * ({@code .yaml}, {@code .yml}, {@code .json}). Kinds the fabric8 model does not know come back as
 * GenericKubernetesResource.
 */
public final class ManifestReader {

    /**
     * One object and where it came from: {@code document} counts from 1 within the file, {@code line} is the line
     * its document starts on (objects of one {@code List} share it).
     */
    public record Manifest(HasMetadata object, String source, int document, int line) {
    }

    /** A manifest that could not be read, naming the file and document. */
    public static final class ManifestException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ManifestException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final ObjectMapper yaml = new YAMLMapper();
    private final ObjectMapper json = JsonMapper.builder().build();

    /** Every manifest under a file or directory, files in name order. */
    public List<Manifest> read(Path path) {
        if (!Files.exists(path)) {
            throw new ManifestException(path + " does not exist", null);
        }
        List<Manifest> out = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.walk(path)) {
                for (Path f : files.filter(Files::isRegularFile).filter(ManifestReader::isManifestFile).sorted().toList()) {
                    out.addAll(readFile(f));
                }
            } catch (IOException e) {
                throw new ManifestException("cannot list " + path + ": " + e.getMessage(), e);
            }
        } else {
            out.addAll(readFile(path));
        }
        return out;
    }

    public List<Manifest> read(InputStream in, String source) {
        try {
            return parse(yaml.getFactory().createParser(in), source, yaml);
        } catch (IOException e) {
            throw new ManifestException(source + ": " + e.getMessage(), e);
        }
    }

    private List<Manifest> readFile(Path file) {
        ObjectMapper mapper = file.toString().toLowerCase(Locale.ROOT).endsWith(".json") ? json : yaml;
        try (InputStream in = Files.newInputStream(file)) {
            return parse(mapper.getFactory().createParser(in), file.toString(), mapper);
        } catch (IOException e) {
            throw new ManifestException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new ManifestException("cannot read " + file + ": " + e.getCause().getMessage(), e);
        }
    }

    private List<Manifest> parse(JsonParser parser, String source, ObjectMapper mapper) throws IOException {
        List<Manifest> out = new ArrayList<>();
        int document = 0;
        try (MappingIterator<JsonNode> docs = mapper.readValues(parser, JsonNode.class)) {
            while (true) {
                document++;
                JsonNode node;
                int line;
                try {
                    if (!docs.hasNextValue()) {
                        break;
                    }
                    line = Math.max(1, parser.currentTokenLocation().getLineNr());
                    node = docs.nextValue();
                } catch (IOException | RuntimeException e) {
                    throw new ManifestException(source + " document " + document + " is not valid YAML/JSON: "
                            + ErrorText.firstLine(e.getMessage(), "unreadable"), e);
                }
                if (node == null || node.isNull() || node.isMissingNode()) {
                    continue; // an empty document between "---" separators
                }
                collect(node, source, document, line, out);
            }
        }
        return out;
    }

    private void collect(JsonNode node, String source, int document, int line, List<Manifest> out) {
        if (!node.isObject()) {
            throw new ManifestException(source + " document " + document + " is not a Kubernetes object", null);
        }
        String kind = node.path("kind").asText("");
        if (kind.endsWith("List") && node.path("items").isArray()) {
            for (JsonNode item : node.path("items")) {
                collect(item, source, document, line, out);
            }
            return;
        }
        if (kind.isEmpty() || !node.hasNonNull("apiVersion")) {
            throw new ManifestException(source + " document " + document + " has no apiVersion or kind", null);
        }
        try {
            KubernetesResource resource = serialization.convertValue(node, KubernetesResource.class);
            if (resource instanceof HasMetadata object) {
                out.add(new Manifest(object, source, document, line));
            }
        } catch (RuntimeException e) {
            throw new ManifestException(source + " document " + document + " (" + kind + " "
                    + node.path("metadata").path("name").asText("") + ") cannot be read: " + ErrorText.firstLine(e.getMessage(), "unreadable"),
                    e);
        }
    }

    private static boolean isManifestFile(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
    }


}
