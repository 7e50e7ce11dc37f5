package dev.walguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import dev.walguard.policy.ImageCatalogue;
import dev.walguard.policy.SqliteApp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The detect=images matchCondition agrees with walguard's own image matching ({@link ImageCatalogue#match}) on every
 * catalogued image, written every way a manifest may write it, and on the near misses around them; an annotation
 * decides before the image, as in walguard; and the condition's cost stays far below the API server's limit.
 */
class ImageMatchConditionTest {

    private static final ImageCatalogue CATALOGUE = ImageCatalogue.standard();
    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    private static MatchConditionEvaluator condition;

    @BeforeAll
    static void compile() throws Exception {
        condition = new MatchConditionEvaluator(List.of(GeneratedMatchConditions.detectedExpression(CATALOGUE)));
    }

    /** Where an image is written: the pod spec of each kind, in containers or init containers. */
    enum Place {
        POD_CONTAINER("Pod", "containers"),
        POD_INIT_CONTAINER("Pod", "initContainers"),
        DEPLOYMENT_CONTAINER("Deployment", "containers"),
        DEPLOYMENT_INIT_CONTAINER("Deployment", "initContainers"),
        CRONJOB_CONTAINER("CronJob", "containers"),
        CRONJOB_INIT_CONTAINER("CronJob", "initContainers");

        final String kind;
        final String list;

        Place(String kind, String list) {
            this.kind = kind;
            this.list = list;
        }
    }

    /** Every catalogued name and every not-detected one, written the ways manifests write images, and near misses. */
    private static Set<String> references() {
        Set<String> names = new LinkedHashSet<>();
        for (SqliteApp app : CATALOGUE.apps()) {
            for (String image : app.images()) {
                names.add(image.replace("*", "stable"));
                if (image.contains("*")) {
                    names.add(image.replace("*", ""));
                    names.add(image.replace("*", "a:b"));
                    names.add(image.replace("*", "a/b"));
                    names.add(image.replace("*", "x" + image.substring(image.indexOf('*') + 1) + ":"));
                }
            }
        }
        names.addAll(CATALOGUE.notDetected().stream()
                .map(n -> n.replace("*", "stable"))
                .toList());
        Set<String> references = new LinkedHashSet<>();
        for (String n : names) {
            String last = n.substring(n.lastIndexOf('/') + 1);
            references.addAll(List.of(
                    n,
                    n + ":1.2.3",
                    n + ":latest@" + DIGEST,
                    n + "@" + DIGEST,
                    "docker.io/" + n + ":1",
                    "index.docker.io/" + n,
                    "registry-1.docker.io/" + n + "@" + DIGEST,
                    "library/" + n,
                    "docker.io/library/" + n + ":2",
                    "docker.io/docker.io/" + n,
                    n.toUpperCase(Locale.ROOT) + ":V1",
                    " " + n + ":1\t",
                    n + "-agent",
                    n.substring(0, n.length() - 1),
                    "x" + n,
                    n + "/x",
                    n + ":1/x",
                    n + ":1:2",
                    n + " @" + DIGEST,
                    "localhost:5000/" + n,
                    "registry.example.com/" + n,
                    last,
                    n.replace('s', '\u017f'),
                    n.replace('k', '\u212a'),
                    n.replace('i', '\u0130')));
        }
        references.addAll(List.of(
                "grafana/grafana-image-renderer:3.10.0",
                "henrygd/beszel-agent:0.9",
                "localhost:5000/linuxserver/sonarr",
                "library/nextcloud:29-apache",
                "docker.io/library/nextcloud",
                "nextcloud:stable-fpm",
                "postgres:16",
                "nginx:1.27-alpine",
                "",
                ":",
                "@",
                "/",
                "docker.io/",
                "library/"));
        return references;
    }

    /**
     * The regex itself, on every reference, with RE2/J (the engine dev.cel runs, a port of Go's RE2 that the API
     * server runs) and cel-go's {@code matches} semantics (found anywhere; the regex anchors itself).
     */
    @Test
    void theRegexAgreesWithTheCatalogueOnEveryReference() {
        Pattern regex = Pattern.compile(GeneratedMatchConditions.imageRegex(CATALOGUE));
        Set<String> references = references();
        List<String> disagreements = references.stream()
                .filter(r -> regex.matcher(r).find() != CATALOGUE.match(r).isPresent())
                .toList();
        assertThat(disagreements).isEmpty();
        List<String> catalogued = CATALOGUE.apps().stream()
                .flatMap(app -> app.images().stream())
                .map(image -> image.replace("*", "stable") + ":1.2.3")
                .toList();
        assertThat(catalogued).isNotEmpty().allMatch(r -> regex.matcher(r).find());
    }

    /** Every catalogued name, by tag, by Docker Hub name in upper case, and as a near miss, in each place in turn. */
    static Stream<Arguments> agreementTable() {
        List<String> references = new ArrayList<>();
        for (SqliteApp app : CATALOGUE.apps()) {
            for (String image : app.images()) {
                String n = image.replace("*", "stable");
                references.addAll(List.of(n + ":1.2.3", "DOCKER.IO/" + n.toUpperCase(Locale.ROOT), n + "-agent"));
            }
        }
        CATALOGUE.notDetected().forEach(n -> references.add(n.replace("*", "stable") + ":latest"));
        references.addAll(List.of(
                "grafana/grafana-image-renderer:3.10.0",
                "henrygd/beszel-agent:0.9",
                "localhost:5000/linuxserver/sonarr",
                "library/nextcloud:29-apache",
                " ghcr.io/home-assistant/qemux86-64-homeassistant:2024.9@" + DIGEST,
                "ghcr.io/home-assistant/a:b-homeassistant:1",
                "ghcr.io/home-assistant/a:b-homeassistant"));
        List<Arguments> rows = new ArrayList<>();
        int i = 0;
        for (String reference : references) {
            // Each reference in one place, in turn: every app's forms reach every kind and list.
            rows.add(Arguments.of(reference, Place.values()[i++ % Place.values().length]));
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{1} running \"{0}\" is sent to walguard exactly when the catalogue matches it")
    @MethodSource("agreementTable")
    void anUnannotatedWorkloadIsSentExactlyWhenItsImageIsCatalogued(String image, Place place) throws Exception {
        Map<String, Object> object = workload(place, Map.of(), List.of("registry.example.com/tools/busybox:1", image));
        assertThat(calls(object))
                .as("%s in %s", image, place)
                .isEqualTo(CATALOGUE.match(image).isPresent());
    }

    @ParameterizedTest(name = "{0}: \"false\" on its own metadata turns detection off")
    @MethodSource("places")
    void optingOutTurnsDetectionOffWherever(Place place) throws Exception {
        String sonarr = "lscr.io/linuxserver/sonarr:4.0.9";
        assertThat(calls(workload(place, Map.of("metadata", "false"), List.of(sonarr))))
                .isFalse();
        assertThat(calls(workload(place, Map.of("template", "false"), List.of(sonarr))))
                .isFalse();
        assertThat(calls(workload(place, Map.of("metadata", "false", "template", "true"), List.of("nginx"))))
                .as("a value other than false on another metadata marks it")
                .isTrue();
        assertThat(calls(workload(place, Map.of("template", "yes"), List.of("nginx"))))
                .isTrue();
        assertThat(calls(workload(place, Map.of(), List.of("nginx", sonarr)))).isTrue();
        assertThat(calls(workload(place, Map.of(), List.of("nginx", "postgres:16"))))
                .isFalse();
    }

    static Stream<Place> places() {
        return Stream.of(Place.values());
    }

    @Test
    void aContainerWithoutImageOrAnEmptyPodIsNotSentAndDoesNotFail() throws Exception {
        Map<String, Object> pod = workload(Place.POD_CONTAINER, Map.of(), List.of("x"));
        pod.put("spec", Map.of("containers", List.of(Map.of("name", "c0"))));
        assertThat(calls(pod)).isFalse();
        pod.put("spec", Map.of());
        assertThat(calls(pod)).isFalse();
        pod.remove("spec");
        assertThat(calls(pod)).isFalse();
    }

    @Test
    void imagesLongerThanWalguardLooksAtAreNotSent() throws Exception {
        String exactly = "nextcloud:" + "a".repeat(GeneratedMatchConditions.MAX_IMAGE_LENGTH - 10);
        String longer = exactly + "a";
        assertThat(CATALOGUE.match(exactly)).isPresent();
        assertThat(calls(workload(Place.POD_CONTAINER, Map.of(), List.of(exactly))))
                .isTrue();
        assertThat(CATALOGUE.match(longer)).isEmpty();
        assertThat(calls(workload(Place.POD_CONTAINER, Map.of(), List.of(longer))))
                .isFalse();
    }

    /**
     * CEL counts a string's code points, Java its UTF-16 units: a reference of at most 1024 code points but more than
     * 1024 units is sent, and walguard finds nothing in it. No container runtime accepts such a reference; the
     * difference can only send more to walguard, never less.
     */
    @Test
    void aReferenceWithCharactersBeyondTheBmpNearTheLengthLimitIsSentButNotDetected() throws Exception {
        String image = "nextcloud:" + "\uD83D\uDE00".repeat(600);
        assertThat(image.length()).isGreaterThan(GeneratedMatchConditions.MAX_IMAGE_LENGTH);
        assertThat(image.codePointCount(0, image.length()))
                .isLessThanOrEqualTo(GeneratedMatchConditions.MAX_IMAGE_LENGTH);
        assertThat(CATALOGUE.match(image)).isEmpty();
        assertThat(calls(workload(Place.POD_CONTAINER, Map.of(), List.of(image))))
                .isTrue();
    }

    /**
     * Case, exhaustively: a character stands for a catalogue letter in the regex exactly when Java's
     * {@code toLowerCase(Locale.ROOT)} turns it into that letter (RE2's {@code (?i)} also folds U+017F into s, which
     * the generated regex excludes; U+212A KELVIN SIGN is k to both).
     */
    @Test
    void everyCodePointIsALetterToTheRegexExactlyWhenJavaLowerCasesItToThatLetter() {
        Map<Character, Pattern> byLetter = new LinkedHashMap<>();
        StringBuilder any = new StringBuilder();
        for (char letter = 'a'; letter <= 'z'; letter++) {
            String literal = GeneratedMatchConditions.literal(String.valueOf(letter), true);
            byLetter.put(letter, Pattern.compile("(?i)^" + literal + "$"));
            any.append(any.length() == 0 ? "" : "|").append(literal);
        }
        Pattern anyLetter = Pattern.compile("(?i)^(?:" + any + ")$");
        List<String> disagreements = new ArrayList<>();
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (Character.isSurrogate((char) cp) && cp <= 0xFFFF) {
                continue;
            }
            String s = new String(Character.toChars(cp));
            String lower = s.toLowerCase(Locale.ROOT);
            boolean javaLetter = lower.length() == 1 && lower.charAt(0) >= 'a' && lower.charAt(0) <= 'z';
            boolean regexLetter = anyLetter.matcher(s).matches();
            if (javaLetter != regexLetter
                    || (javaLetter && !byLetter.get(lower.charAt(0)).matcher(s).matches())) {
                disagreements.add(String.format("U+%04X", cp));
            }
        }
        assertThat(disagreements).isEmpty();
    }

    /**
     * The API server stops an expression at a cost of 1,000,000 (then failurePolicy decides). A pod of 32 containers
     * and init containers, each image 128 characters long and none catalogued (the most expensive case: every image
     * is tested), must stay below it; docs/match-conditions.md promises this envelope.
     */
    @Test
    void theDocumentedEnvelopeStaysBelowTheApiServersCostLimit() throws Exception {
        String image = "registry.example.com/platform/team/" + "a".repeat(128 - 35 - 4) + ":1.0";
        assertThat(image).hasSize(128);
        List<String> images = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            images.add(image);
        }
        Map<String, Object> pod = workload(Place.POD_CONTAINER, Map.of(), images);
        long cost = condition.cost(pod, MatchConditionEvaluator.request("CREATE", pod));
        int regex = GeneratedMatchConditions.imageRegex(CATALOGUE).length();
        long perImage = (long) Math.ceil(129 * 0.1) * (long) Math.ceil(regex * 0.25);
        assertThat(cost).isGreaterThanOrEqualTo(32 * perImage).isLessThan(MatchConditionEvaluator.PER_CALL_LIMIT);
        assertThat(cost - 32 * perImage).as("everything but matches()").isLessThan(1_000);
    }

    @Test
    void aPodOfFourHundredContainersExceedsTheLimitAndTheApiServerAppliesFailurePolicy() throws Exception {
        List<String> images = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            images.add("registry.example.com/app-" + i + ":1.0");
        }
        Map<String, Object> pod = workload(Place.POD_CONTAINER, Map.of(), images);
        // No real pod has this many; the API server's answer is an error, which failurePolicy turns into a rejection.
        assertThat(condition.cost(pod, MatchConditionEvaluator.request("CREATE", pod)))
                .isGreaterThan(MatchConditionEvaluator.PER_CALL_LIMIT);
    }

    @Test
    void aMarkedWorkloadNeverPaysForTheImages() throws Exception {
        List<String> images = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            images.add("registry.example.com/app-" + i + ":1.0");
        }
        Map<String, Object> pod = workload(Place.POD_CONTAINER, Map.of("metadata", "true"), images);
        assertThat(calls(pod)).isTrue();
        assertThat(condition.cost(pod, MatchConditionEvaluator.request("CREATE", pod)))
                .isLessThan(100);
    }

    private static boolean calls(Map<String, Object> object) throws Exception {
        return condition.calls(object, null, MatchConditionEvaluator.request("CREATE", object));
    }

    /**
     * A workload of {@code place}'s kind whose pod spec lists {@code images}, with {@code walguard.dev/sqlite-wal}
     * values on its own metadata ("metadata") and on its pod template's ("template"; the Pod's own for a Pod).
     */
    static Map<String, Object> workload(Place place, Map<String, String> marks, List<String> images) {
        List<Object> containers = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            containers.add(Map.of("name", "c" + i, "image", images.get(i)));
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        if (place.list.equals("initContainers")) {
            spec.put("initContainers", containers);
            spec.put("containers", List.of(Map.of("name", "main", "image", "registry.example.com/tools/pause:3")));
        } else {
            spec.put("containers", containers);
        }
        Map<String, Object> metadata = metadata("app", marks.get("metadata"));
        Map<String, Object> object = new LinkedHashMap<>();
        object.put(
                "apiVersion", place.kind.equals("Pod") ? "v1" : place.kind.equals("CronJob") ? "batch/v1" : "apps/v1");
        object.put("kind", place.kind);
        if (place.kind.equals("Pod")) {
            if (marks.containsKey("template")) {
                metadata = metadata("app", marks.get("template"));
            }
            object.put("metadata", metadata);
            object.put("spec", spec);
            return object;
        }
        Map<String, Object> template = Map.of("metadata", metadata(null, marks.get("template")), "spec", spec);
        object.put("metadata", metadata);
        object.put(
                "spec",
                place.kind.equals("CronJob")
                        ? Map.of("schedule", "@daily", "jobTemplate", Map.of("spec", Map.of("template", template)))
                        : Map.of("template", template));
        return object;
    }

    private static Map<String, Object> metadata(String name, String mark) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (name != null) {
            metadata.put("name", name);
            metadata.put("namespace", "media");
        }
        metadata.put("labels", Map.of("app.kubernetes.io/name", "app"));
        if (mark != null) {
            metadata.put("annotations", Map.of("walguard.dev/sqlite-wal", mark, "example.com/team", "media"));
        }
        return metadata;
    }
}
