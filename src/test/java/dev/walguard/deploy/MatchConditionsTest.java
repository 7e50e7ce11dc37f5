package dev.walguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.walguard.policy.ImageCatalogue;
import dev.walguard.policy.Marking;
import dev.walguard.policy.Workload;
import dev.walguard.policy.Workloads;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchCondition;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The webhook's matchConditions, evaluated with CEL as the API server evaluates them ({@link MatchConditionEvaluator}).
 * With either setting of {@code detect} they must select the objects walguard itself treats as marked; the fixtures
 * here run no catalogued image, so both select the same. Detection by image: {@link ImageMatchConditionTest}.
 */
class MatchConditionsTest {

    private static final Path FIXTURES = Path.of("src/test/resources/dev/walguard/deploy/MatchConditionsTest");

    /** deploy/ (walguard.detect=images, the default). */
    private static MatchConditionEvaluator images;
    /** The chart with detect: "off". */
    private static MatchConditionEvaluator off;

    @BeforeAll
    static void compile() throws Exception {
        List<MatchCondition> deployed = Manifests.read(GeneratedMatchConditionsTest.DEPLOY)
                .get(ValidatingWebhookConfiguration.class, "walguard")
                .getWebhooks()
                .get(0)
                .getMatchConditions();
        assertThat(deployed)
                .extracting(MatchCondition::getName)
                .containsExactly(GeneratedMatchConditions.DETECTED_NAME);
        images = new MatchConditionEvaluator(List.of(deployed.get(0).getExpression()));
        List<MatchCondition> offConditions = conditions(Map.of("detect", "off"));
        assertThat(offConditions)
                .extracting(MatchCondition::getName)
                .containsExactly(GeneratedMatchConditions.MARKED_NAME);
        off = new MatchConditionEvaluator(List.of(offConditions.get(0).getExpression()));
    }

    static List<MatchCondition> conditions(Map<String, Object> set) {
        return Manifests.parse(Charts.template(Charts.CHART, List.of(), set))
                .get(ValidatingWebhookConfiguration.class, "walguard")
                .getWebhooks()
                .get(0)
                .getMatchConditions();
    }

    @Test
    void detectOffRendersTodaysMarkedConditionUnchanged() {
        assertThat(conditions(Map.of("detect", "off")))
                .extracting(MatchCondition::getName, MatchCondition::getExpression)
                .containsExactly(tuple("marked-sqlite-wal", Expected.MARKED_CONDITION_EXPRESSION));
    }

    @Test
    void theChartByDefaultAndWithDetectImagesRendersWhatDeployHas() throws Exception {
        String deployed = Manifests.read(GeneratedMatchConditionsTest.DEPLOY)
                .get(ValidatingWebhookConfiguration.class, "walguard")
                .getWebhooks()
                .get(0)
                .getMatchConditions()
                .get(0)
                .getExpression();
        assertThat(deployed).isEqualTo(GeneratedMatchConditions.detectedExpression(ImageCatalogue.standard()));
        for (Map<String, Object> set : List.<Map<String, Object>>of(Map.of(), Map.of("detect", "images"))) {
            assertThat(conditions(set))
                    .as("--set %s", set)
                    .extracting(MatchCondition::getName, MatchCondition::getExpression)
                    .containsExactly(tuple("marked-or-catalogued-image", deployed));
        }
    }

    @Test
    void walguardAndTheNotesFollowTheSameDetectValue() {
        for (String detect : List.of("images", "off")) {
            Manifests rendered = Manifests.parse(Charts.template(Charts.CHART, List.of(), Map.of("detect", detect)));
            assertThat(rendered.get(Deployment.class, "walguard")
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getEnv())
                    .filteredOn(e -> e.getName().equals("WALGUARD_DETECT"))
                    .extracting(EnvVar::getValue)
                    .containsExactly(detect);
        }
        assertThat(Charts.notes(Map.of()))
                .contains("on the object, its pod template or a CronJob's job\n"
                        + "template, and of unannotated ones that run a catalogued SQLite\n"
                        + "image (detect: images), outside the namespaces [\"kube-system\"");
        assertThat(Charts.notes(Map.of("detect", "off")))
                .contains("on the object, its pod template or a CronJob's job\n"
                        + "template, outside the namespaces [\"kube-system\"");
    }

    @Test
    void anotherDetectValueIsRejectedByTheSchema() {
        assertThatThrownBy(() -> conditions(Map.of("detect", "yes")))
                .hasMessageContaining("detect")
                .hasMessageContaining("images");
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
        Map<String, Object> create = MatchConditionEvaluator.request("CREATE", object);
        assertThat(images.calls(object, null, create)).as("detect images").isEqualTo(selected);
        assertThat(off.calls(object, null, create)).as("detect off").isEqualTo(selected);
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
        boolean marked = Marking.of(workload.get()).marked();
        Map<String, Object> create = MatchConditionEvaluator.request("CREATE", object);
        assertThat(images.calls(object, null, create)).isEqualTo(marked);
        assertThat(off.calls(object, null, create)).isEqualTo(marked);
    }

    @Test
    void updateIsDecidedByTheNewObject() throws Exception {
        Map<String, Object> marked = fixture("deployment-template-marked");
        Map<String, Object> unmarked = fixture("deployment-unmarked");
        for (MatchConditionEvaluator conditions : List.of(images, off)) {
            assertThat(conditions.calls(marked, unmarked, MatchConditionEvaluator.request("UPDATE", marked)))
                    .isTrue();
            assertThat(conditions.calls(unmarked, marked, MatchConditionEvaluator.request("UPDATE", unmarked)))
                    .isFalse();
        }
    }

    @Test
    void deleteWithoutObjectIsNotSelectedAndDoesNotFail() throws Exception {
        Map<String, Object> old = fixture("pod-marked-true");
        for (MatchConditionEvaluator conditions : List.of(images, off)) {
            assertThat(conditions.calls(null, old, MatchConditionEvaluator.request("DELETE", old)))
                    .isFalse();
        }
    }

    @Test
    void everyFixtureIsExercised() throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).hasSize(20);
        }
    }

    private static Map<String, Object> fixture(String name) throws IOException {
        return MatchConditionEvaluator.read(FIXTURES.resolve(name + ".yaml"));
    }
}
