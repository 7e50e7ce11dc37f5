package dev.walguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.walguard.policy.Marking;
import dev.walguard.policy.Workload;
import dev.walguard.policy.Workloads;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchCondition;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The webhook's matchConditions, evaluated with CEL as the API server evaluates them: {@code object},
 * {@code oldObject} and {@code request} are dynamically typed, and the API server calls walguard only when every
 * condition is true. They must select exactly the objects walguard itself treats as marked.
 */
class MatchConditionsTest {

    private static final Path FIXTURES = Path.of("src/test/resources/dev/walguard/deploy/MatchConditionsTest");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final Cel CEL = CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("object", SimpleType.DYN)
            .addVar("oldObject", SimpleType.DYN)
            .addVar("request", SimpleType.DYN)
            .build();

    private static List<CelRuntime.Program> programs;

    @BeforeAll
    static void compile() throws Exception {
        List<MatchCondition> conditions = Manifests.read(
                        Charts.DEPLOY.resolve("60-validatingwebhookconfiguration.yaml"))
                .get(ValidatingWebhookConfiguration.class, "walguard")
                .getWebhooks()
                .get(0)
                .getMatchConditions();
        assertThat(conditions).hasSize(1);
        programs = new ArrayList<>();
        for (MatchCondition condition : conditions) {
            CelAbstractSyntaxTree ast = CEL.compile(condition.getExpression()).getAst();
            programs.add(CEL.createProgram(ast));
        }
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "pod-marked-true, true",
        "pod-marked-yes, true",
        "pod-marked-empty-value, true",
        "pod-marked-uppercase-false, true",
        "pod-marked-false, false",
        "pod-other-annotations, false",
        "pod-no-annotations, false",
        "deployment-template-marked, true",
        "deployment-workload-metadata-marked, true",
        "deployment-false-on-metadata-true-on-template, true",
        "deployment-template-false, false",
        "deployment-unmarked, false",
        "deployment-template-without-metadata, false",
        "deployment-without-template, false",
        "object-without-spec, false",
        "cronjob-job-template-marked, true",
        "cronjob-job-template-false, false",
        "cronjob-unmarked, false",
        "cronjob-without-job-template-spec, false",
        "rollout-template-marked, true",
    })
    void selectsExactlyTheMarkedObjectsOnCreate(String fixture, boolean selected) throws Exception {
        Map<String, Object> object = fixture(fixture);
        assertThat(calls(object, NullValue.NULL_VALUE, request("CREATE", object)))
                .isEqualTo(selected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "pod-marked-true",
        "pod-marked-yes",
        "pod-marked-false",
        "pod-no-annotations",
        "deployment-template-marked",
        "deployment-workload-metadata-marked",
        "deployment-false-on-metadata-true-on-template",
        "deployment-template-false",
        "deployment-unmarked",
        "cronjob-job-template-marked",
        "cronjob-job-template-false",
        "cronjob-unmarked",
        "rollout-template-marked",
    })
    void agreesWithWalguardsOwnMarking(String fixture) throws Exception {
        Map<String, Object> object = fixture(fixture);
        HasMetadata typed = Manifests.SERIALIZATION.unmarshal(Files.readString(FIXTURES.resolve(fixture + ".yaml")));
        Optional<Workload> workload = Workloads.of(typed, null);
        assertThat(workload).isPresent();
        assertThat(calls(object, NullValue.NULL_VALUE, request("CREATE", object)))
                .isEqualTo(Marking.of(workload.get()).marked());
    }

    @Test
    void updateIsDecidedByTheNewObject() throws Exception {
        Map<String, Object> marked = fixture("deployment-template-marked");
        Map<String, Object> unmarked = fixture("deployment-unmarked");
        assertThat(calls(marked, unmarked, request("UPDATE", marked))).isTrue();
        assertThat(calls(unmarked, marked, request("UPDATE", unmarked))).isFalse();
    }

    @Test
    void deleteWithoutObjectIsNotSelectedAndDoesNotFail() throws Exception {
        Map<String, Object> old = fixture("pod-marked-true");
        assertThat(calls(NullValue.NULL_VALUE, old, request("DELETE", old))).isFalse();
    }

    @Test
    void everyFixtureIsExercised() throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).hasSize(20);
        }
    }

    /** True when the API server would call walguard: every matchCondition evaluates to true, none fails. */
    private static boolean calls(Object object, Object oldObject, Map<String, Object> request) throws Exception {
        Map<String, Object> variables = new HashMap<>();
        variables.put("object", object);
        variables.put("oldObject", oldObject);
        variables.put("request", request);
        boolean all = true;
        for (CelRuntime.Program program : programs) {
            Object result = program.eval(variables);
            assertThat(result).as("a boolean, not an error or unknown").isInstanceOf(Boolean.class);
            all &= (Boolean) result;
        }
        return all;
    }

    private static Map<String, Object> request(String operation, Map<String, Object> object) {
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("uid", "0f3b7c21-5e8a-4d49-9b6e-2a1c8d7e4f60");
        request.put("operation", operation);
        request.put("namespace", metadata.get("namespace"));
        request.put("name", metadata.get("name"));
        request.put("kind", Map.of("group", "", "version", "v1", "kind", String.valueOf(object.get("kind"))));
        request.put("dryRun", false);
        return request;
    }

    /** A fixture as the API server hands it to CEL: maps, lists, strings, int64 numbers. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> fixture(String name) throws IOException {
        return (Map<String, Object>)
                celValue(YAML.readValue(FIXTURES.resolve(name + ".yaml").toFile(), Map.class));
    }

    private static Object celValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> converted = new LinkedHashMap<>();
            map.forEach((k, v) -> converted.put(String.valueOf(k), celValue(v)));
            return converted;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(MatchConditionsTest::celValue).toList();
        }
        if (value instanceof Integer i) {
            return i.longValue();
        }
        return value;
    }
}
