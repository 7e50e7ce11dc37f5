package dev.walguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code walguard.dev/ignore} under each {@code walguard.exceptions} ceiling, through {@link AdmissionPolicy}.
 * Fixture RuleExceptionsTest/web.yaml has a WAL001 violation on volume data and a WAL006 warning on volume state;
 * cases add annotations to it ({@code walguard.dev/volumes: state} leaves the warning alone).
 */
class RuleExceptionsTest {

    private static final String TEST = "RuleExceptionsTest";
    private static final ClusterView CLUSTER = Fixtures.cluster(TEST, null);
    private static final String REASON = "the backup sidecar's image runs as UID 1000 too (checked 2026-11-30)";
    private static final String ONLY_STATE = "walguard.dev/volumes";

    /**
     * @param warnings rule ids the admission warnings start with, in order
     * @param findings every finding as {@code WAL006 warning state}, with {@code ignored} appended when set aside
     */
    record Expected(
            boolean allowed,
            Decision.Outcome outcome,
            List<String> warnings,
            Map<String, String> audit,
            List<String> findings) {}

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "an ignored warning is allowed with no warning and kept as ignored",
                        Exceptions.WARNINGS,
                        "app",
                        Map.of(
                                ONLY_STATE,
                                "state",
                                RuleExceptions.IGNORE,
                                "WAL006",
                                RuleExceptions.IGNORE_REASON,
                                REASON),
                        Map.of(),
                        new Expected(
                                true,
                                Decision.Outcome.ALLOWED,
                                List.of(),
                                Map.of("ignored", "WAL006", "mode", "enforce"),
                                List.of("WAL006 warning state ignored"))),
                Arguments.of(
                        "an ignored violation under warnings is denied and the warning beside it is ignored",
                        Exceptions.WARNINGS,
                        "app",
                        Map.of(RuleExceptions.IGNORE, "WAL001,WAL006", RuleExceptions.IGNORE_REASON, REASON),
                        Map.of(),
                        new Expected(
                                false,
                                Decision.Outcome.DENIED,
                                List.of(),
                                Map.of("findings", "WAL001", "ignored", "WAL006", "mode", "enforce"),
                                List.of("WAL001 violation data", "WAL006 warning state ignored"))),
                Arguments.of(
                        "an ignored violation under all is allowed with nothing in effect",
                        Exceptions.ALL,
                        "app",
                        Map.of(RuleExceptions.IGNORE, "WAL001, WAL006", RuleExceptions.IGNORE_REASON, REASON),
                        Map.of(),
                        new Expected(
                                true,
                                Decision.Outcome.ALLOWED,
                                List.of(),
                                Map.of("ignored", "WAL001,WAL006", "mode", "enforce"),
                                List.of("WAL001 violation data ignored", "WAL006 warning state ignored"))),
                Arguments.of(
                        "under none nothing is ignored and the warning says why",
                        Exceptions.NONE,
                        "app",
                        Map.of(
                                ONLY_STATE,
                                "state",
                                RuleExceptions.IGNORE,
                                "WAL006",
                                RuleExceptions.IGNORE_REASON,
                                REASON),
                        Map.of(),
                        new Expected(
                                true,
                                Decision.Outcome.WARNED,
                                List.of("WAL006"),
                                Map.of("findings", "WAL006", "mode", "enforce"),
                                List.of("WAL006 warning state"))),
                Arguments.of(
                        "an ignore without a reason is WAL000 and does not apply",
                        Exceptions.WARNINGS,
                        "app",
                        Map.of(ONLY_STATE, "state", RuleExceptions.IGNORE, "WAL006"),
                        Map.of(),
                        new Expected(
                                true,
                                Decision.Outcome.WARNED,
                                List.of("WAL000", "WAL006"),
                                Map.of("findings", "WAL000,WAL006", "mode", "enforce"),
                                List.of("WAL000 warning", "WAL006 warning state"))),
                Arguments.of(
                        "an ignore whose reason is only blanks is WAL000 and does not apply",
                        Exceptions.ALL,
                        "app",
                        Map.of(
                                ONLY_STATE,
                                "state",
                                RuleExceptions.IGNORE,
                                "WAL006",
                                RuleExceptions.IGNORE_REASON,
                                " \n\t "),
                        Map.of(),
                        new Expected(
                                true,
                                Decision.Outcome.WARNED,
                                List.of("WAL000", "WAL006"),
                                Map.of("findings", "WAL000,WAL006", "mode", "enforce"),
                                List.of("WAL000 warning", "WAL006 warning state"))),
                Arguments.of(
                        "unknown rule ids are WAL000 and the known ones still apply",
                        Exceptions.WARNINGS,
                        "app",
                        Map.of(
                                ONLY_STATE,
                                "state",
                                RuleExceptions.IGNORE,
                                "WAL066,WAL006,wal004",
                                RuleExceptions.IGNORE_REASON,
                                REASON),
                        Map.of(),
                        new Expected(
                                true,
                                Decision.Outcome.WARNED,
                                List.of("WAL000"),
                                Map.of("findings", "WAL000", "ignored", "WAL006", "mode", "enforce"),
                                List.of("WAL000 warning", "WAL006 warning state ignored"))),
                Arguments.of(
                        "WAL000 itself cannot be ignored",
                        Exceptions.ALL,
                        "app",
                        Map.of(
                                ONLY_STATE,
                                "state",
                                RuleExceptions.IGNORE,
                                "WAL000",
                                RuleExceptions.IGNORE_REASON,
                                REASON),
                        Map.of(),
                        new Expected(
                                true,
                                Decision.Outcome.WARNED,
                                List.of("WAL000", "WAL006"),
                                Map.of("findings", "WAL000,WAL006", "mode", "enforce"),
                                List.of("WAL000 warning", "WAL006 warning state"))),
                Arguments.of(
                        "an ignore that names no rule is WAL000",
                        Exceptions.WARNINGS,
                        "app",
                        Map.of(ONLY_STATE, "state", RuleExceptions.IGNORE, " , ", RuleExceptions.IGNORE_REASON, REASON),
                        Map.of(),
                        new Expected(
                                true,
                                Decision.Outcome.WARNED,
                                List.of("WAL000", "WAL006"),
                                Map.of("findings", "WAL000,WAL006", "mode", "enforce"),
                                List.of("WAL000 warning", "WAL006 warning state"))),
                Arguments.of(
                        "in audit mode an ignored finding does not warn while the others do",
                        Exceptions.WARNINGS,
                        "audited",
                        Map.of(RuleExceptions.IGNORE, "WAL006", RuleExceptions.IGNORE_REASON, REASON),
                        Map.of(),
                        new Expected(
                                true,
                                Decision.Outcome.WARNED,
                                List.of("WAL001"),
                                Map.of("findings", "WAL001", "ignored", "WAL006", "mode", "audit"),
                                List.of("WAL001 violation data", "WAL006 warning state ignored"))),
                Arguments.of(
                        "the ignore on the object and the reason on the pod template are read together",
                        Exceptions.WARNINGS,
                        "app",
                        Map.of(ONLY_STATE, "state", RuleExceptions.IGNORE_REASON, REASON),
                        Map.of(RuleExceptions.IGNORE, "WAL006"),
                        new Expected(
                                true,
                                Decision.Outcome.ALLOWED,
                                List.of(),
                                Map.of("ignored", "WAL006", "mode", "enforce"),
                                List.of("WAL006 warning state ignored"))),
                Arguments.of(
                        "a violation ignored on the object only warns that its Pods do not carry the ignore",
                        Exceptions.ALL,
                        "app",
                        Map.of(),
                        Map.of(RuleExceptions.IGNORE, "WAL001", RuleExceptions.IGNORE_REASON, REASON),
                        new Expected(
                                true,
                                Decision.Outcome.WARNED,
                                List.of("WAL000", "WAL006"),
                                Map.of("findings", "WAL000,WAL006", "ignored", "WAL001", "mode", "enforce"),
                                List.of("WAL000 warning", "WAL001 violation data ignored", "WAL006 warning state"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(
            String description,
            Exceptions ceiling,
            String namespace,
            Map<String, String> onPods,
            Map<String, String> onObject,
            Expected expected) {
        Decision decision = policy(ceiling)
                .decide(new AdmissionInput(Operation.CREATE, null, web(namespace, onPods, onObject), null), CLUSTER);

        assertThat(decision.allowed()).isEqualTo(expected.allowed());
        assertThat(decision.outcome()).isEqualTo(expected.outcome());
        assertThat(decision.warnings())
                .extracting(w -> w.substring(0, 6))
                .containsExactlyElementsOf(expected.warnings());
        assertThat(decision.auditAnnotations()).isEqualTo(expected.audit());
        assertThat(decision.findings())
                .extracting(RuleExceptionsTest::summary)
                .containsExactlyElementsOf(expected.findings());
        decision.findings().stream()
                .filter(Finding::isIgnored)
                .forEach(f -> assertThat(f.ignoreReason()).isEqualTo(REASON));
    }

    static Stream<Arguments> updates() {
        Map<String, String> ignoreAll =
                Map.of(RuleExceptions.IGNORE, "WAL001,WAL006", RuleExceptions.IGNORE_REASON, REASON);
        return Stream.of(
                Arguments.of(
                        "removing the ignore of a violation the old object had does not block the update",
                        Exceptions.ALL,
                        ignoreAll,
                        Map.of(),
                        List.of("WAL001", "WAL006")),
                Arguments.of(
                        "an ignored violation that walguard.exceptions no longer allows does not block the update",
                        Exceptions.WARNINGS,
                        ignoreAll,
                        ignoreAll,
                        List.of("WAL001")),
                Arguments.of(
                        "adding an ignore to a violating workload under all allows it with nothing in effect",
                        Exceptions.ALL,
                        Map.of(),
                        ignoreAll,
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void updateNeverDeniesForAViolationTheOldObjectHad(
            String description,
            Exceptions ceiling,
            Map<String, String> oldOnPods,
            Map<String, String> newOnPods,
            List<String> warnings) {
        Decision decision = policy(ceiling)
                .decide(
                        new AdmissionInput(
                                Operation.UPDATE,
                                null,
                                web("app", newOnPods, Map.of()),
                                web("app", oldOnPods, Map.of())),
                        CLUSTER);

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.warnings()).extracting(w -> w.substring(0, 6)).containsExactlyElementsOf(warnings);
    }

    @Test
    void violationKeptInEffectSaysWhyInTheDenial() {
        Decision decision = policy(Exceptions.WARNINGS)
                .decide(
                        new AdmissionInput(
                                Operation.CREATE,
                                null,
                                web(
                                        "app",
                                        Map.of(RuleExceptions.IGNORE, "WAL001", RuleExceptions.IGNORE_REASON, REASON),
                                        Map.of()),
                                null),
                        CLUSTER);

        // The rule's own text belongs to WAL001; the note follows it, before the fix.
        assertThat(decision.message())
                .startsWith("WAL001 Deployment app/web container web cannot keep a SQLite WAL database on volume"
                        + " \"data\" because it is a network filesystem")
                .contains(" (walguard.dev/ignore names WAL001, but it cannot be ignored because walguard.exceptions"
                        + " is warnings, so only findings that are warnings may be ignored.) Fix: ")
                .doesNotContain("\n");
    }

    @Test
    void findingKeptInEffectUnderNoneSaysWhyInItsWarning() {
        Decision decision = policy(Exceptions.NONE)
                .decide(
                        new AdmissionInput(
                                Operation.CREATE,
                                null,
                                web(
                                        "app",
                                        Map.of(
                                                ONLY_STATE,
                                                "state",
                                                RuleExceptions.IGNORE,
                                                "WAL006",
                                                RuleExceptions.IGNORE_REASON,
                                                REASON),
                                        Map.of()),
                                null),
                        CLUSTER);

        assertThat(decision.warnings())
                .singleElement()
                .asString()
                .contains("(Cannot be ignored because walguard.exceptions is none.)");
    }

    static Stream<Arguments> problems() {
        return Stream.of(
                Arguments.of(
                        "a missing reason names the rules it would have ignored",
                        Map.of(RuleExceptions.IGNORE, "WAL006,WAL004"),
                        "WAL000 annotation walguard.dev/ignore of Deployment app/web cannot ignore WAL004 and WAL006"
                                + " because it has no walguard.dev/ignore-reason; every ignore must say why, so it does"
                                + " not apply. Fix: Add walguard.dev/ignore-reason beside walguard.dev/ignore, saying"
                                + " why the risk is accepted."),
                Arguments.of(
                        "unknown entries are named once each, in order",
                        Map.of(RuleExceptions.IGNORE, "WAL9, WAL000,WAL9,wal006", RuleExceptions.IGNORE_REASON, REASON),
                        "WAL000 annotation walguard.dev/ignore of Deployment app/web names \"WAL9\", \"WAL000\" and"
                                + " \"wal006\", which are not a rule that can be ignored (WAL001 to "
                                + RuleId.values()[RuleId.values().length - 1] + "; WAL000 never is); they are left out."
                                + " Fix: List rule ids such as WAL006,WAL004 in walguard.dev/ignore, separated by"
                                + " commas."),
                Arguments.of(
                        "a long unknown entry is cut",
                        Map.of(RuleExceptions.IGNORE, "x".repeat(10_000), RuleExceptions.IGNORE_REASON, REASON),
                        "WAL000 annotation walguard.dev/ignore of Deployment app/web names \"" + "x".repeat(256)
                                + "…\", which is not a rule that can be ignored (WAL001 to "
                                + RuleId.values()[RuleId.values().length - 1] + "; WAL000 never is); it is left out."
                                + " Fix: List rule ids such as WAL006,WAL004 in walguard.dev/ignore, separated by"
                                + " commas."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void annotationProblemsAreWal000NamingTheEntry(String description, Map<String, String> onPods, String message) {
        List<Finding> findings =
                new WorkloadEvaluator(settings(Exceptions.WARNINGS)).evaluate(web("app", onPods, Map.of()), CLUSTER);

        assertThat(findings.get(0).message()).isEqualTo(message);
        assertThat(findings).filteredOn(f -> f.rule() == RuleId.WAL000).hasSize(1);
    }

    @Test
    void aHugeIgnoreValueGivesOneBoundedWal000() {
        // 100,000 distinct made-up ids (about 1.1 MB, what scan reads from a manifest): one finding, ten named.
        StringBuilder value = new StringBuilder("WAL006");
        for (int i = 0; i < 100_000; i++) {
            value.append(",X").append(i);
        }
        List<Finding> findings = new WorkloadEvaluator(settings(Exceptions.WARNINGS))
                .evaluate(
                        web(
                                "app",
                                Map.of(
                                        ONLY_STATE,
                                        "state",
                                        RuleExceptions.IGNORE,
                                        value.toString(),
                                        RuleExceptions.IGNORE_REASON,
                                        REASON),
                                Map.of()),
                        CLUSTER);

        assertThat(findings)
                .extracting(RuleExceptionsTest::summary)
                .containsExactly("WAL000 warning", "WAL006 warning state ignored");
        assertThat(findings.get(0).message())
                .startsWith("WAL000 annotation walguard.dev/ignore of Deployment app/web names \"X0\", \"X1\",")
                .contains("\"X9\" and 99,990 more, which are not a rule")
                .hasSizeLessThan(600);
    }

    static Stream<Arguments> reasons() {
        return Stream.of(
                Arguments.of(
                        "a short reason is kept as written",
                        "accepted by the storage team",
                        "accepted by the storage team"),
                Arguments.of(
                        "line breaks and runs of blanks become one space",
                        "  line one\n\n\tline two  ",
                        "line one line two"),
                Arguments.of("a reason of only blanks is no reason", " \n ", null),
                Arguments.of("a reason of exactly 256 characters is kept whole", "r".repeat(256), "r".repeat(256)),
                Arguments.of(
                        "a longer reason is cut to 256 characters ending in an ellipsis",
                        "r".repeat(100_000),
                        "r".repeat(255) + "…"),
                Arguments.of(
                        "a cut never splits a surrogate pair",
                        "r".repeat(254) + "\uD83D\uDE00\uD83D\uDE00",
                        "r".repeat(254) + "…"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reasons")
    void reasonsAreOneBoundedLine(String description, String written, String kept) {
        assertThat(RuleExceptions.reason(written)).isEqualTo(kept);
    }

    private static String summary(Finding f) {
        return f.rule() + " " + f.severity().label() + (f.volume() == null ? "" : " " + f.volume())
                + (f.isIgnored() ? " ignored" : "");
    }

    private static PolicySettings settings(Exceptions ceiling) {
        PolicySettings d = PolicySettings.defaults();
        return new PolicySettings(
                d.mode(),
                d.exemptNamespaces(),
                d.unknownStorage(),
                d.patterns(),
                d.detection(),
                d.rollbackJournal(),
                ceiling);
    }

    private static AdmissionPolicy policy(Exceptions ceiling) {
        return new AdmissionPolicy(settings(ceiling));
    }

    /** web.yaml in {@code namespace} with these annotations added to its pod template and its own metadata. */
    private static Workload web(String namespace, Map<String, String> onPods, Map<String, String> onObject) {
        Deployment d = (Deployment) Fixtures.subject(TEST, "web");
        d.getMetadata().setNamespace(namespace);
        Map<String, String> pod =
                new LinkedHashMap<>(d.getSpec().getTemplate().getMetadata().getAnnotations());
        pod.putAll(onPods);
        d.getSpec().getTemplate().getMetadata().setAnnotations(pod);
        if (!onObject.isEmpty()) {
            d.getMetadata().setAnnotations(new LinkedHashMap<>(onObject));
        }
        return Workloads.of(d, namespace).orElseThrow();
    }
}
