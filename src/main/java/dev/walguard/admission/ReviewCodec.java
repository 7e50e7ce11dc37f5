package dev.walguard.admission;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import java.io.IOException;
import java.util.Set;

/**
 * Reads AdmissionReviews ({@code admission.k8s.io/v1} and {@code v1beta1}, which share one shape) and writes
 * responses, as the fabric8 model's AdmissionReview, in the version they came in.
 */
final class ReviewCodec {

    private static final String V1 = "admission.k8s.io/v1";
    private static final String V1BETA1 = "admission.k8s.io/v1beta1";
    private static final Set<String> VERSIONS = Set.of(V1, V1BETA1);
    /** Kubernetes objects nest a few dozen levels; anything deeper is an attack or a mistake. */
    private static final int MAX_NESTING = 200;

    private static final int MAX_DETAIL = 200;
    /**
     * The longest request.uid echoed back. The API server sends a 36-character UUID; a longer one, or one with a
     * control character, is not from it, and would otherwise be copied unbounded into the answer and the log.
     */
    static final int MAX_UID = 128;

    /**
     * A parsed review: the request fields walguard reads, and the objects as JSON trees (only their pod templates
     * are ever bound to model classes, by {@link dev.walguard.policy.Workloads}).
     */
    record Incoming(
            String apiVersion,
            String uid,
            String operation,
            String namespace,
            String name,
            String subResource,
            boolean dryRun,
            String kind,
            JsonNode object,
            JsonNode oldObject) {}

    private final ObjectMapper mapper;

    ReviewCodec() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING)
                        .build())
                .build();
        this.mapper = JsonMapper.builder(factory)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // Two parsers could read two different values of one key; the API server never sends duplicates.
                // Checked as the tree is built (the insert finds the key taken), which costs nothing; the parser's
                // own check kept a set of the keys of every object of three or more, 16 % of parsing a review.
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .build();
    }

    Incoming read(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidReviewException("request body is empty; expected an AdmissionReview");
        }
        JsonNode tree;
        try (JsonParser parser = mapper.createParser(body)) {
            tree = mapper.readTree(parser);
            // One review per request: what follows it (a second document, garbage) is not silently ignored.
            if (tree != null && parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                throw new InvalidReviewException("request body has content after the AdmissionReview (line "
                        + at.getLineNr() + ", column " + at.getColumnNr() + ")");
            }
        } catch (JsonProcessingException e) {
            throw new InvalidReviewException("request body is not valid JSON: " + detail(e));
        } catch (IOException e) {
            throw new InvalidReviewException("request body cannot be read: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidReviewException("request body must be a JSON object (an AdmissionReview)");
        }
        String apiVersion = tree.path("apiVersion").asText("");
        if (!VERSIONS.contains(apiVersion)) {
            throw new InvalidReviewException("apiVersion must be " + V1 + " or " + V1BETA1 + ", not \""
                    + clip(tree.path("apiVersion")
                            .asText(tree.path("apiVersion").toString())) + "\"");
        }
        if (!"AdmissionReview".equals(tree.path("kind").asText())) {
            throw new InvalidReviewException("kind must be AdmissionReview");
        }
        JsonNode request = tree.path("request");
        if (!request.isObject()) {
            throw new InvalidReviewException("AdmissionReview has no request object");
        }
        String uid = uid(request);
        String operation = requireText(request, "operation");
        JsonNode dryRun = request.path("dryRun");
        if (!dryRun.isMissingNode() && !dryRun.isNull() && !dryRun.isBoolean()) {
            throw new InvalidReviewException("request.dryRun must be true or false");
        }
        return new Incoming(
                apiVersion,
                uid,
                operation,
                optionalText(request, "namespace"),
                optionalText(request, "name"),
                optionalText(request, "subResource"),
                dryRun.asBoolean(false),
                request.path("kind").path("kind").asText(""),
                object(request, "object"),
                object(request, "oldObject"));
    }

    byte[] write(String apiVersion, AdmissionResponse response) {
        AdmissionReview out = new AdmissionReview();
        out.setApiVersion(apiVersion);
        out.setKind("AdmissionReview");
        out.setResponse(response);
        try {
            return mapper.writeValueAsBytes(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write AdmissionReview response", e);
        }
    }

    private static String requireText(JsonNode request, String field) {
        JsonNode value = request.path(field);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new InvalidReviewException("request." + field + " must be a non-empty string");
        }
        return value.asText();
    }

    private static String uid(JsonNode request) {
        String uid = requireText(request, "uid");
        if (uid.length() > MAX_UID || uid.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidReviewException("request.uid must be at most " + MAX_UID
                    + " characters without control characters (the API server sends a 36-character UUID)");
        }
        return uid;
    }

    private static String optionalText(JsonNode request, String field) {
        JsonNode value = request.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidReviewException("request." + field + " must be a string");
        }
        return value.asText();
    }

    private static JsonNode object(JsonNode request, String field) {
        JsonNode value = request.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new InvalidReviewException("request." + field + " must be a Kubernetes object or null");
        }
        return value;
    }

    /** The parser's own words and position, without the echo of the body Jackson adds. */
    private static String detail(JsonProcessingException e) {
        String message = clip(duplicateKey(String.valueOf(e.getOriginalMessage())));
        JsonLocation at = e.getLocation();
        if (at != null && at.getLineNr() > 0) {
            message += " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        }
        return message;
    }

    /** {@code Duplicate field 'kind'}, without Jackson's note on the setting that refused it. */
    private static String duplicateKey(String message) {
        int setting = message.indexOf(" for `ObjectNode`");
        return message.startsWith("Duplicate field '") && setting > 0 ? message.substring(0, setting) : message;
    }

    private static String clip(String s) {
        String oneLine = s.replace('\n', ' ').replace('\r', ' ');
        return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + "…";
    }
}
