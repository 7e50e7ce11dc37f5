package dev.walguard.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walguard.cluster.ManifestDocuments.DocumentProblem;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads Kubernetes manifests: YAML or JSON, multi-document files, {@code List} objects, whole directory trees
 * ({@code .yaml}, {@code .yml}, {@code .json}, symbolic links followed). Kinds the fabric8 model does not know come
 * back as GenericKubernetesResource. Input is untrusted: limits and refusals are in {@link YamlTree} and
 * {@link ManifestDocuments}; every refusal is a {@link ManifestException} naming the file and document in plain
 * words.
 */
public final class ManifestReader {

    /**
     * One object and where it came from: {@code document} counts from 1 within the file, {@code line} is the line
     * its document starts on (objects of one {@code List} share it).
     */
    public record Manifest(HasMetadata object, String source, int document, int line) {}

    /** A manifest that could not be read, naming the file and document. */
    public static final class ManifestException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ManifestException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final KubernetesSerialization serialization = new KubernetesSerialization();

    /**
     * Every manifest under a file or directory, files in path order. A path with no object at all, or with two
     * different definitions of one object, is refused: read as "nothing there", it would allow what it should deny.
     */
    public List<Manifest> read(Path path) {
        List<Manifest> out = new ArrayList<>();
        for (Path f : ManifestFiles.under(path)) {
            out.addAll(readFile(f));
        }
        return checked(out, path.toString());
    }

    public List<Manifest> read(InputStream in, String source) {
        List<Manifest> out = new ArrayList<>();
        try {
            parse(in, source, false, out);
        } catch (IOException e) {
            throw new ManifestException("cannot read " + source + ": " + ManifestFiles.reason(e), e);
        }
        return checked(out, "-".equals(source) ? "standard input" : source);
    }

    /**
     * Refuses two different definitions of one object among manifests read from several paths that form one source
     * (all of scan's inputs). {@code defaultNamespace} is the namespace of objects that name none.
     */
    public static void rejectDuplicates(List<Manifest> manifests, String defaultNamespace) {
        Duplicates.reject(manifests, defaultNamespace);
    }

    private static List<Manifest> checked(List<Manifest> out, String what) {
        if (out.isEmpty()) {
            throw new ManifestException(what + " contains no Kubernetes objects", null);
        }
        Duplicates.reject(out, null);
        return out;
    }

    private List<Manifest> readFile(Path file) {
        boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        List<Manifest> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            parse(in, file.toString(), json, out);
        } catch (IOException e) {
            throw new ManifestException("cannot read " + file + ": " + ManifestFiles.reason(e), e);
        }
        return out;
    }

    private void parse(InputStream in, String source, boolean json, List<Manifest> out) throws IOException {
        ManifestDocuments.Sink sink = (node, document, line, yaml) -> collect(node, source, document, line, yaml, out);
        try {
            if (json) {
                ManifestDocuments.json(in, sink);
            } else {
                ManifestDocuments.yaml(in, sink);
            }
        } catch (DocumentProblem p) {
            throw new ManifestException(source + " document " + p.document + " " + p.getMessage(), p);
        }
    }

    private void collect(JsonNode node, String source, int document, int line, Node yaml, List<Manifest> out) {
        if (!node.isObject()) {
            throw new ManifestException(source + " document " + document + " is not a Kubernetes object", null);
        }
        String kind = node.path("kind").asText("");
        if (kind.endsWith("List") && node.path("items").isArray()) {
            for (JsonNode item : node.path("items")) {
                collect(item, source, document, line, null, out);
            }
            return;
        }
        if (kind.isEmpty() || !node.hasNonNull("apiVersion")) {
            throw new ManifestException(source + " document " + document + " has no apiVersion or kind", null);
        }
        if ("StorageClass".equals(kind)
                && "storage.k8s.io/v1beta1".equals(node.path("apiVersion").asText())
                && node instanceof ObjectNode object) {
            // Vendor docs still show v1beta1 classes; the fields are v1's, and the rules look classes up as v1.
            node = object.deepCopy().put("apiVersion", "storage.k8s.io/v1");
        }
        try {
            KubernetesResource resource = serialization.convertValue(node, KubernetesResource.class);
            if (resource instanceof HasMetadata object) {
                out.add(new Manifest(object, source, document, line));
            }
        } catch (RuntimeException e) {
            throw new ManifestException(
                    source + " document " + document + " (" + kind + " "
                            + node.path("metadata").path("name").asText("") + ") cannot be read: "
                            + WrongType.describe(e, yaml),
                    e);
        }
    }
}
