package dev.walguard.deploy;

import dev.walguard.policy.ImageCatalogue;
import dev.walguard.policy.SqliteApp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Generates the webhook's matchConditions from the image catalogue ({@code images.yaml}), for the chart's
 * {@code templates/_matchconditions.tpl} and {@code deploy/60-validatingwebhookconfiguration.yaml}, which must stay
 * plain text (no build step between the catalogue and a {@code helm install} or {@code kubectl apply}).
 * {@link GeneratedMatchConditionsTest} keeps the committed files equal to this output.
 *
 * <p>With {@code walguard.detect=images} the API server calls walguard for an object that is marked (as with
 * {@code off}), or that carries no {@code walguard.dev/sqlite-wal} anywhere and runs a catalogued image in a container
 * or init container. The image test is one RE2 regular expression that accepts exactly the references
 * {@link ImageCatalogue#match} accepts; see docs/match-conditions.md for its form and its cost.
 */
final class GeneratedMatchConditions {

    static final String REGENERATE =
            "./mvnw -B test -Dtest=GeneratedMatchConditionsTest -Dwalguard.regenerate-docs=true";

    static final String MARKED_NAME = "marked-sqlite-wal";
    static final String DETECTED_NAME = "marked-or-catalogued-image";

    /** As {@code ImageCatalogue.MAX_IMAGE_LENGTH}: longer references are never looked up. */
    static final int MAX_IMAGE_LENGTH = 1024;

    static final String BEGIN = "# BEGIN matchConditions generated from images.yaml; regenerate with:";
    static final String END = "# END generated matchConditions";

    private static final List<String> DOCKER_HUB = List.of("docker.io", "index.docker.io", "registry-1.docker.io");
    private static final Pattern NAME = Pattern.compile("[a-z0-9._*-]+(/[a-z0-9._*-]+)*");
    private static final String KEY = "'walguard.dev/sqlite-wal'";

    /** The three places walguard reads the marking from, as CEL paths below {@code object}. */
    private static final List<List<String>> METADATA = List.of(
            List.of("metadata"),
            List.of("spec", "template", "metadata"),
            List.of("spec", "jobTemplate", "spec", "template", "metadata"));

    /** Where the pod spec is: Pods, kinds with spec.template, CronJobs. */
    private static final List<List<String>> POD_SPECS = List.of(
            List.of("spec"),
            List.of("spec", "template", "spec"),
            List.of("spec", "jobTemplate", "spec", "template", "spec"));

    private GeneratedMatchConditions() {}

    /** walguard.detect=off: only marked objects. */
    static String markedExpression() {
        return "object != null && (\n  " + String.join(" ||\n  ", marked()) + "\n)";
    }

    /** walguard.detect=images: marked objects, and unannotated ones that run a catalogued image. */
    static String detectedExpression(ImageCatalogue catalogue) {
        List<String> annotated = new ArrayList<>();
        for (List<String> meta : METADATA) {
            annotated.add("(" + guard(meta, "annotations", "      ") + " &&\n      " + KEY + " in " + path(meta)
                    + ".annotations)");
        }
        List<String> lists = new ArrayList<>();
        for (List<String> spec : POD_SPECS) {
            for (String field : List.of("containers", "initContainers")) {
                lists.add("(" + guard(spec, field, "      ") + " ?\n      " + path(spec) + "." + field + " : [])");
            }
        }
        return "object != null && (\n  " + String.join(" ||\n  ", marked()) + " ||\n  (!(\n    "
                + String.join(" ||\n    ", annotated) + "\n  ) && has(object.spec) && (\n    "
                + String.join(" +\n    ", lists) + "\n  ).exists(c, has(c.image) && size(c.image) <= "
                + MAX_IMAGE_LENGTH + " &&\n    c.image.matches(r'" + imageRegex(catalogue) + "')))\n)";
    }

    /** One test per place the marking is read from: the annotation is there with a value other than "false". */
    private static List<String> marked() {
        List<String> places = new ArrayList<>();
        for (List<String> meta : METADATA) {
            String annotations = path(meta) + ".annotations";
            places.add("(" + guard(meta, "annotations", "    ") + " &&\n    " + KEY + " in " + annotations + " &&\n    "
                    + annotations + "[" + KEY + "] != 'false')");
        }
        return places;
    }

    /**
     * An RE2 expression (Go's and RE2/J's syntax; no lookaround, no backreferences) that a whole image reference
     * matches exactly when {@link ImageCatalogue#match} finds an app for it: surrounding characters up to U+0020
     * (Java's trim), an optional Docker Hub registry, {@code library/} before one-segment names, a catalogued name
     * ({@code *} within one segment; in the last segment it takes ':' only before a tag), an optional {@code :tag}
     * after the last {@code /} and an optional {@code @digest}. Case as Java's {@code toLowerCase(Locale.ROOT)}:
     * {@code (?i)}, except that {@code s} does not match U+017F, which RE2 folds to s and Java keeps.
     */
    static String imageRegex(ImageCatalogue catalogue) {
        SortedSet<String> single = new TreeSet<>();
        Map<String, SortedSet<String>> lastsByPrefix = new TreeMap<>();
        for (SqliteApp app : catalogue.apps()) {
            for (String image : app.images()) {
                String name = checked(image.toLowerCase(Locale.ROOT));
                int slash = name.lastIndexOf('/');
                if (slash < 0) {
                    single.add(name);
                } else {
                    lastsByPrefix
                            .computeIfAbsent(name.substring(0, slash), p -> new TreeSet<>())
                            .add(name.substring(slash + 1));
                }
            }
        }
        // Prefixes that carry the same names share one group: (?:lscr\.io/linuxserver|linuxserver)/(?:sonarr|...)
        Map<String, SortedSet<String>> prefixesByLasts = new TreeMap<>();
        lastsByPrefix.forEach((prefix, lasts) -> prefixesByLasts
                .computeIfAbsent(alternation(lasts, true), l -> new TreeSet<>())
                .add(prefix));
        List<String> alternatives = new ArrayList<>();
        if (!single.isEmpty()) {
            alternatives.add("(?:library/)?" + alternation(single, true));
        }
        prefixesByLasts.forEach((lasts, prefixes) -> alternatives.add(alternation(prefixes, false) + "/" + lasts));
        // A '*' in the last segment may take a ':' only when a tag follows: Java cuts at the last ':' first.
        List<String> colonGlobs = new ArrayList<>();
        lastsByPrefix.forEach((prefix, lasts) -> lasts.stream()
                .filter(l -> l.contains("*"))
                .forEach(l -> colonGlobs.add(literal(prefix, false) + "/" + literal(l, COLON_STAR))));
        List<String> hubs = DOCKER_HUB.stream().map(h -> literal(h, false)).toList();
        return "(?i)^[\\x00-\\x20]*(?:(?:" + String.join("|", hubs) + ")/)?(?:(?:" + String.join("|", alternatives)
                + ")(?::[^/:@]*)?"
                + (colonGlobs.isEmpty() ? "" : "|(?:" + String.join("|", colonGlobs) + "):[^/:@]*")
                + ")(?:@(?s:.*))?[\\x00-\\x20]*$";
    }

    /** {@code _matchconditions.tpl}: both variants, chosen by the chart value {@code detect}. */
    static String helperTemplate(ImageCatalogue catalogue) {
        return "{{- /*\n"
                + "GENERATED from src/main/resources/dev/walguard/policy/images.yaml: do not edit. After changing the\n"
                + "catalogue, regenerate with\n  " + REGENERATE + "\n"
                + "Why and how: docs/match-conditions.md.\n"
                + "*/}}\n"
                + "{{- define \"walguard.matchConditions\" -}}\n"
                + "{{- if eq (toString .Values.detect) \"off\" }}\n"
                + conditions(MARKED_NAME, markedExpression())
                + "{{- else }}\n"
                + conditions(DETECTED_NAME, detectedExpression(catalogue))
                + "{{- end }}\n"
                + "{{- end }}\n";
    }

    /** The deploy file with its generated region (between {@link #BEGIN} and {@link #END}) replaced. */
    static String deployFile(String current, ImageCatalogue catalogue) {
        int begin = current.indexOf(BEGIN);
        int end = current.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException("the deploy file has no region between '" + BEGIN + "' and '" + END + "'");
        }
        int lineStart = current.lastIndexOf('\n', begin) + 1;
        String indent = current.substring(lineStart, begin);
        StringBuilder region = new StringBuilder()
                .append(BEGIN)
                .append('\n')
                .append(indent)
                .append("#   ")
                .append(REGENERATE)
                .append('\n');
        for (String line :
                conditions(DETECTED_NAME, detectedExpression(catalogue)).lines().toList()) {
            region.append(indent).append(line).append('\n');
        }
        region.append(indent);
        return current.substring(0, begin) + region + current.substring(end);
    }

    /** A matchConditions list of one condition, YAML at column 0. */
    private static String conditions(String name, String expression) {
        StringBuilder yaml = new StringBuilder("matchConditions:\n  - name: " + name + "\n    expression: |-\n");
        expression.lines().forEach(l -> yaml.append("      ").append(l).append('\n'));
        return yaml.toString();
    }

    private static String path(List<String> steps) {
        return "object." + String.join(".", steps);
    }

    /** {@code has(...)} for every step down to {@code field} below {@code steps}, lines continued at indent. */
    private static String guard(List<String> steps, String field, String indent) {
        List<String> checks = new ArrayList<>();
        List<String> walked = new ArrayList<>();
        for (String step : steps) {
            walked.add(step);
            checks.add("has(" + path(walked) + ")");
        }
        checks.add("has(" + path(steps) + "." + field + ")");
        StringBuilder out = new StringBuilder();
        int lineLength = 0;
        for (String check : checks) {
            if (out.length() > 0) {
                if (lineLength + check.length() > 90) {
                    out.append(" &&\n").append(indent);
                    lineLength = 0;
                } else {
                    out.append(" && ");
                }
            }
            out.append(check);
            lineLength += check.length() + 4;
        }
        return out.toString();
    }

    /** A catalogue name the regex can express as Java matches it; anything else fails generation. */
    private static String checked(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalStateException("images.yaml: " + name + " is not a repository name of [a-z0-9._-] "
                    + "segments ('*' within a segment)");
        }
        String first = name.contains("/") ? name.substring(0, name.indexOf('/')) : name;
        if (first.contains("*")) {
            throw new IllegalStateException("images.yaml: " + name + " has '*' in its registry or first segment");
        }
        if (DOCKER_HUB.contains(first) || (name.startsWith("library/") && name.indexOf('/', 8) < 0)) {
            throw new IllegalStateException("images.yaml: " + name + " names Docker Hub's registry or library/, "
                    + "which matching drops from image references, so it could never match");
        }
        return name;
    }

    private static String alternation(Set<String> names, boolean lastSegment) {
        List<String> escaped =
                names.stream().map(n -> literal(n, lastSegment)).sorted().toList();
        return "(?:" + String.join("|", escaped) + ")";
    }

    /** What a {@code *} in the last segment of a name becomes when a tag follows it. */
    private static final String COLON_STAR = "[^/@]*";

    /** A name as RE2 text; a {@code *} in a segment before the last cannot take '/' or '@' (a digest). */
    static String literal(String name, boolean lastSegment) {
        return literal(name, lastSegment ? "[^/:@]*" : null);
    }

    /**
     * A name as RE2 text, with {@code lastStar} for a {@code *} in its last segment (null: the name is a prefix and
     * has no last segment). Without a tag after it, that {@code *} cannot take ':' either: Java would cut there.
     */
    private static String literal(String name, String lastStar) {
        StringBuilder re = new StringBuilder();
        String[] segments = name.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                re.append('/');
            }
            boolean last = lastStar != null && i == segments.length - 1;
            for (char ch : segments[i].toCharArray()) {
                re.append(
                        switch (ch) {
                            case '*' -> last ? lastStar : "[^/@]*";
                            case '.' -> "\\.";
                            case 's' -> "(?-i:[sS])";
                            default -> String.valueOf(ch);
                        });
            }
        }
        return re.toString();
    }
}
