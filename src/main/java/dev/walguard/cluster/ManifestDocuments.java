package dev.walguard.cluster;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.reader.UnicodeReader;

/**
 * Splits a YAML or JSON stream into documents, each as a JsonNode with its number (from 1) and first line. Every
 * failure is a {@link ManifestProblem} carrying the document number, in plain words.
 */
final class ManifestDocuments {

    /** Receives each non-empty document; {@code yaml} is its composed YAML (null for JSON) to find lines in. */
    interface Sink {
        void accept(JsonNode node, int document, int line, Node yaml);
    }

    /** A problem in document {@code document} of a stream. */
    static final class DocumentProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int document;

        DocumentProblem(int document, String message, Throwable cause) {
            super(message, cause, false, false);
            this.document = document;
        }
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        JSON.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(YamlTree.MAX_SCALAR)
                        .maxNestingDepth(YamlTree.MAX_DEPTH)
                        .build());
    }

    private ManifestDocuments() {}

    private static LoaderOptions options() {
        LoaderOptions o = new LoaderOptions();
        o.setCodePointLimit(YamlTree.MAX_DOCUMENT); // per document: SnakeYAML restarts the count at each "---"
        o.setMaxAliasesForCollections(50); // a billion-laughs document needs more; real charts use a handful
        o.setAllowRecursiveKeys(false);
        o.setNestingDepthLimit(YamlTree.MAX_DEPTH);
        o.setAllowDuplicateKeys(false);
        return o;
    }

    static void yaml(InputStream in, Sink sink) throws IOException {
        Iterator<Node> docs =
                new Yaml(options()).composeAll(new UnicodeReader(in)).iterator();
        int document = 0;
        while (true) {
            document++;
            Node root;
            try {
                if (!docs.hasNext()) {
                    return;
                }
                root = docs.next();
            } catch (MarkedYAMLException e) {
                throw new DocumentProblem(document, "is not valid YAML/JSON: " + describe(e), e);
            } catch (YAMLException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new DocumentProblem(document, "is not valid YAML/JSON: " + plain(e.getMessage()), e);
            }
            JsonNode node;
            try {
                node = YamlTree.convert(root);
            } catch (ManifestProblem p) {
                throw new DocumentProblem(document, "is not valid YAML/JSON: " + p.describe(), p);
            }
            if (!node.isNull()) { // an empty document between "---" separators
                sink.accept(node, document, root.getStartMark().getLine() + 1, root);
            }
        }
    }

    static void json(InputStream in, Sink sink) throws IOException {
        JsonParser parser = JSON.getFactory().createParser(in);
        int document = 0;
        try (MappingIterator<JsonNode> docs = JSON.readValues(parser, JsonNode.class)) {
            while (true) {
                document++;
                JsonNode node;
                int line;
                try {
                    if (!docs.hasNextValue()) {
                        return;
                    }
                    line = Math.max(1, parser.currentTokenLocation().getLineNr());
                    node = docs.nextValue();
                } catch (JsonProcessingException e) {
                    throw new DocumentProblem(document, "is not valid YAML/JSON: " + describe(e), e);
                } catch (RuntimeException e) {
                    if (e.getCause() instanceof JsonProcessingException j) {
                        throw new DocumentProblem(document, "is not valid YAML/JSON: " + describe(j), e);
                    }
                    throw e;
                }
                if (node != null && !node.isNull() && !node.isMissingNode()) {
                    sink.accept(node, document, line, null);
                }
            }
        }
    }

    private static String describe(MarkedYAMLException e) {
        Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        String problem = plain(e.getProblem() != null ? e.getProblem() : e.getContext());
        return m == null ? problem : new ManifestProblem(m.getLine() + 1, m.getColumn() + 1, problem).describe();
    }

    private static String describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String problem = plain(e.getOriginalMessage());
        if (problem.startsWith("Duplicate field")) {
            problem = "duplicate key "
                    + problem.substring("Duplicate field ".length()).replace('\'', '"');
        } else if (problem.startsWith("String value length") || problem.startsWith("String length")) {
            problem = "a value is over the 1 MiB limit for one value";
        } else if (problem.startsWith("Document nesting depth")) {
            problem = "nested deeper than " + YamlTree.MAX_DEPTH + " levels";
        }
        return at == null || at.getLineNr() < 1
                ? problem
                : new ManifestProblem(at.getLineNr(), at.getColumnNr(), problem).describe();
    }

    /** SnakeYAML and Jackson messages, first line, with their API hints (class and method names) cut. */
    static String plain(String message) {
        String text = message == null ? "unreadable" : message.strip();
        int nl = text.indexOf('\n');
        text = nl < 0 ? text : text.substring(0, nl);
        if (text.startsWith("The incoming YAML document exceeds the limit")) {
            return "the document is larger than 3 MiB, the API server's limit for one object";
        }
        if (text.startsWith("Number of aliases for non-scalar nodes exceeds")) {
            return "more than 50 aliases to mappings or lists (refused: alias expansion can exhaust memory)";
        }
        if (text.startsWith("Nesting Depth exceeded")) {
            return "nested deeper than " + YamlTree.MAX_DEPTH + " levels";
        }
        int hint =
                text.indexOf(" (for Object value") >= 0 ? text.indexOf(" (for Object value") : text.indexOf("; (for");
        return hint > 0 ? text.substring(0, hint) : text;
    }
}
