package dev.walguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Modes, operations, exemptions and UPDATE handling. Fixtures: AdmissionPolicyTest/. */
class AdmissionPolicyTest {

    private static final String TEST = "AdmissionPolicyTest";
    private static final ClusterView CLUSTER = Fixtures.cluster(TEST, null);

    /** What a decision must look like. {@code warnings} are the rule ids the warnings start with, in order. */
    record Expected(boolean allowed, Decision.Outcome outcome, List<String> warnings, Map<String, String> audit) {}

    private static Expected denied(List<String> warnings, Map<String, String> audit) {
        return new Expected(false, Decision.Outcome.DENIED, warnings, audit);
    }

    private static Expected allowed(Decision.Outcome outcome, List<String> warnings, Map<String, String> audit) {
        return new Expected(true, outcome, warnings, audit);
    }

    static Stream<Arguments> cases() {
        Map<String, String> enforce = Map.of("findings", "WAL001", "mode", "enforce");
        return Stream.of(
                Arguments.of(
                        "a violation in an enforce namespace is denied",
                        Mode.ENFORCE,
                        Operation.CREATE,
                        null,
                        "app",
                        "nfs-deployment",
                        null,
                        denied(List.of(), enforce)),
                Arguments.of(
                        "a violation in an audit namespace is allowed with a warning",
                        Mode.ENFORCE,
                        Operation.CREATE,
                        null,
                        "audited",
                        "nfs-deployment",
                        null,
                        allowed(
                                Decision.Outcome.WARNED,
                                List.of("WAL001"),
                                Map.of("findings", "WAL001", "mode", "audit"))),
                Arguments.of(
                        "a violation in an off namespace is allowed with nothing added",
                        Mode.ENFORCE,
                        Operation.CREATE,
                        null,
                        "quiet",
                        "nfs-deployment",
                        null,
                        allowed(Decision.Outcome.OFF, List.of(), Map.of())),
                Arguments.of(
                        "an invalid mode label falls back to the global mode and warns WAL000",
                        Mode.ENFORCE,
                        Operation.CREATE,
                        null,
                        "typo",
                        "nfs-deployment",
                        null,
                        denied(List.of("WAL000"), Map.of("findings", "WAL000,WAL001", "mode", "enforce"))),
                Arguments.of(
                        "the global audit mode applies where no label says otherwise",
                        Mode.AUDIT,
                        Operation.CREATE,
                        null,
                        "app",
                        "nfs-deployment",
                        null,
                        allowed(
                                Decision.Outcome.WARNED,
                                List.of("WAL001"),
                                Map.of("findings", "WAL001", "mode", "audit"))),
                Arguments.of(
                        "a namespace label wins over the global mode",
                        Mode.OFF,
                        Operation.CREATE,
                        null,
                        "audited",
                        "nfs-deployment",
                        null,
                        allowed(
                                Decision.Outcome.WARNED,
                                List.of("WAL001"),
                                Map.of("findings", "WAL001", "mode", "audit"))),
                Arguments.of(
                        "an exempt namespace is never evaluated",
                        Mode.ENFORCE,
                        Operation.CREATE,
                        null,
                        "kube-system",
                        "nfs-deployment",
                        null,
                        allowed(Decision.Outcome.EXEMPT, List.of(), Map.of())),
                Arguments.of(
                        "DELETE is allowed without evaluation",
                        Mode.ENFORCE,
                        Operation.DELETE,
                        null,
                        "app",
                        null,
                        "nfs-deployment",
                        allowed(Decision.Outcome.SKIPPED, List.of(), Map.of())),
                Arguments.of(
                        "CONNECT is allowed without evaluation",
                        Mode.ENFORCE,
                        Operation.CONNECT,
                        null,
                        "app",
                        "nfs-deployment",
                        null,
                        allowed(Decision.Outcome.SKIPPED, List.of(), Map.of())),
                Arguments.of(
                        "a scale subresource request is allowed without evaluation",
                        Mode.ENFORCE,
                        Operation.UPDATE,
                        "scale",
                        "app",
                        "nfs-deployment-scaled",
                        "nfs-deployment",
                        allowed(Decision.Outcome.SKIPPED, List.of(), Map.of())),
                Arguments.of(
                        "an UPDATE keeping a violation the old object had is allowed with a warning",
                        Mode.ENFORCE,
                        Operation.UPDATE,
                        null,
                        "app",
                        "nfs-deployment-scaled",
                        "nfs-deployment",
                        allowed(Decision.Outcome.WARNED, List.of("WAL001"), enforce)),
                Arguments.of(
                        "an UPDATE introducing a violation is denied",
                        Mode.ENFORCE,
                        Operation.UPDATE,
                        null,
                        "app",
                        "nfs-deployment",
                        "emptydir-deployment",
                        denied(List.of(), enforce)),
                Arguments.of(
                        "an UPDATE marking a violating workload is denied",
                        Mode.ENFORCE,
                        Operation.UPDATE,
                        null,
                        "app",
                        "nfs-deployment",
                        "unmarked-nfs-deployment",
                        denied(List.of(), enforce)),
                Arguments.of(
                        "a marked workload without findings is allowed with its mode recorded",
                        Mode.ENFORCE,
                        Operation.CREATE,
                        null,
                        "app",
                        "emptydir-deployment",
                        null,
                        allowed(Decision.Outcome.ALLOWED, List.of(), Map.of("mode", "enforce"))),
                Arguments.of(
                        "an unmarked workload is allowed with nothing added",
                        Mode.ENFORCE,
                        Operation.CREATE,
                        null,
                        "app",
                        "unmarked-nfs-deployment",
                        null,
                        allowed(Decision.Outcome.UNMARKED, List.of(), Map.of())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(
            String description,
            Mode globalMode,
            Operation operation,
            String subResource,
            String namespace,
            String object,
            String oldObject,
            Expected expected) {
        AdmissionPolicy policy = new AdmissionPolicy(new PolicySettings(
                globalMode, PolicySettings.DEFAULT_EXEMPT, UnknownStorage.WARN, StoragePatterns.NONE));
        AdmissionInput input =
                new AdmissionInput(operation, subResource, load(object, namespace), load(oldObject, namespace));

        Decision decision = policy.decide(input, CLUSTER);

        assertThat(decision.allowed()).isEqualTo(expected.allowed());
        assertThat(decision.outcome()).isEqualTo(expected.outcome());
        assertThat(decision.warnings())
                .extracting(w -> w.substring(0, 6))
                .containsExactlyElementsOf(expected.warnings());
        assertThat(decision.auditAnnotations()).isEqualTo(expected.audit());
        if (expected.allowed()) {
            assertThat(decision.message()).isNull();
        } else {
            assertThat(decision.message())
                    .startsWith("WAL001 Deployment " + namespace + "/web container web cannot "
                            + "keep a SQLite WAL database on volume \"data\" because it is a network filesystem: inline "
                            + "volume data is an NFS export (10.0.0.5:/exports/web).");
        }
    }

    @Test
    void preexistingViolationIsNamedAsSuchInItsWarning() {
        AdmissionPolicy policy = new AdmissionPolicy(PolicySettings.defaults());

        Decision decision = policy.decide(
                new AdmissionInput(
                        Operation.UPDATE, "", load("nfs-deployment-scaled", "app"), load("nfs-deployment", "app")),
                CLUSTER);

        assertThat(decision.warnings())
                .containsExactly("WAL001 Deployment app/web volume \"data\" is a network "
                        + "filesystem; SQLite WAL corrupts there. (Pre-existing: not blocking.) Fix: Use a ReadWriteOnce "
                        + "claim on a block or local StorageClass.");
        assertThat(decision.findings().get(0).severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void unmarkedWorkloadIsAllowedWithoutAnyLookup() {
        AdmissionPolicy policy = new AdmissionPolicy(PolicySettings.defaults());

        Decision decision = policy.decide(
                new AdmissionInput(Operation.CREATE, null, load("unmarked-nfs-deployment", "app"), null),
                new FailingClusterView());

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.outcome()).isEqualTo(Decision.Outcome.UNMARKED);
    }

    private static Workload load(String caseName, String namespace) {
        return caseName == null
                ? null
                : Workloads.of(Fixtures.subject(TEST, caseName), namespace).orElseThrow();
    }
}
