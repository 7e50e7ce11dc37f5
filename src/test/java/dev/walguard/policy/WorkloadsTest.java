package dev.walguard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.VolumeMount;
import org.junit.jupiter.api.Test;

class WorkloadsTest {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /**
     * A custom kind (its CRD may keep unknown fields) whose pod securityContext has {@code extensions} nested 150
     * deep under long keys.
     */
    private static ObjectNode rollout(ArrayNode items) {
        ObjectNode object =
                F.objectNode().put("apiVersion", "argoproj.io/v1alpha1").put("kind", "Rollout");
        object.putObject("metadata").put("name", "web").put("namespace", "app");
        ObjectNode spec = object.putObject("spec").putObject("template").putObject("spec");
        spec.putArray("containers").addObject().put("name", "app").put("image", "app:1");
        ObjectNode at = spec.putObject("securityContext").putObject("extensions");
        for (int d = 0; d < 150; d++) {
            at = at.putObject("k".repeat(2000) + d);
        }
        at.set("items", items);
        return object;
    }

    @Test
    void aNullEntryInAListTheRulesReadIsNamedWithItsWholePath() {
        ObjectNode object = rollout(F.arrayNode());
        ArrayNode mounts = ((ObjectNode) object.at("/spec/template/spec/containers/0")).putArray("volumeMounts");
        for (int i = 0; i < 10_000; i++) {
            mounts.addObject().put("name", "v" + i).put("mountPath", "/m/" + i);
        }
        mounts.addNull();

        assertThatThrownBy(() -> Workloads.of(object, null))
                .isInstanceOf(Workloads.UnreadableWorkloadException.class)
                .hasMessage("a list has a null entry at spec.template.spec.containers[0].volumeMounts[10000]");
    }

    @Test
    void theFirstNullEntryInDocumentOrderIsTheOneNamed() {
        ObjectNode object = rollout(F.arrayNode());
        ObjectNode spec = (ObjectNode) object.path("spec").path("template").path("spec");
        ((ObjectNode) spec.path("containers").get(0))
                .putArray("volumeMounts")
                .add(F.objectNode().put("name", "data").put("mountPath", "/data"))
                .addNull();
        spec.putArray("initContainers").addNull();

        assertThatThrownBy(() -> Workloads.of(object, null))
                .hasMessage("a list has a null entry at spec.template.spec.containers[0].volumeMounts[1]");
    }

    @Test
    void aNullEntryInTheMetadataOrAClaimTemplateIsNamedToo() {
        ObjectNode pod = rollout(F.arrayNode());
        ((ObjectNode) pod.path("metadata")).putArray("finalizers").add("a").addNull();
        ObjectNode set = rollout(F.arrayNode()).put("kind", "StatefulSet");
        ((ObjectNode) set.path("spec"))
                .putArray("volumeClaimTemplates")
                .addObject()
                .putObject("spec")
                .putArray("accessModes")
                .addNull();

        assertThatThrownBy(() -> Workloads.of(pod, null))
                .hasMessage("a list has a null entry at metadata.finalizers[1]");
        assertThatThrownBy(() -> Workloads.of(set, null))
                .hasMessage("a list has a null entry at spec.volumeClaimTemplates[0].spec.accessModes[0]");
    }

    @Test
    void aNullEntryInAFieldNoRuleReadsIsNoError() {
        ArrayNode items = F.arrayNode();
        items.addObject();
        items.addNull();

        Workload w = Workloads.of(rollout(items), null).orElseThrow();

        assertThat(w.podSpec().getSecurityContext().getAdditionalProperties()).isEmpty();
        assertThat(w.podSpec().getContainers()).hasSize(1);
    }

    @Test
    void partsOfThePodSpecNoRuleReadsAreNeitherBoundNorChecked() {
        ObjectNode object = rollout(F.arrayNode());
        ObjectNode spec = (ObjectNode) object.path("spec").path("template").path("spec");
        spec.putArray("tolerations").addNull();
        ((ObjectNode) spec.path("containers").get(0)).put("ports", "not a list");

        Workload w = Workloads.of(object, null).orElseThrow();

        assertThat(w.podSpec().getTolerations()).isEmpty();
        assertThat(w.podSpec().getContainers().get(0).getPorts()).isEmpty();
    }

    @Test
    void unknownFieldsAreSkippedWhileTheFieldsBesideThemAreBound() {
        ArrayNode items = F.arrayNode();
        items.addObject();
        ObjectNode object = rollout(items);
        ObjectNode spec = (ObjectNode) object.path("spec").path("template").path("spec");
        ((ObjectNode) spec.path("securityContext")).put("runAsUser", 1000).put("fsGroup", 2000);
        ((ObjectNode) spec.path("containers").get(0))
                .putArray("volumeMounts")
                .addObject()
                .put("name", "data")
                .put("mountPath", "/data")
                .put("futureField", "x");

        Workload w = Workloads.of(object, null).orElseThrow();

        assertThat(w.podSpec().getSecurityContext().getRunAsUser()).isEqualTo(1000L);
        assertThat(w.podSpec().getSecurityContext().getFsGroup()).isEqualTo(2000L);
        assertThat(w.podSpec().getSecurityContext().getAdditionalProperties()).isEmpty();
        VolumeMount mount = w.podSpec().getContainers().get(0).getVolumeMounts().get(0);
        assertThat(mount.getMountPath()).isEqualTo("/data");
        assertThat(mount.getAdditionalProperties()).isEmpty();
    }

    @Test
    void longKeysWithManyEntriesAreReadWhole() {
        ArrayNode items = F.arrayNode();
        for (int i = 0; i < 100_000; i++) {
            items.addObject();
        }

        Workload w = Workloads.of(rollout(items), null).orElseThrow();

        assertThat(w.podSpec().getContainers()).hasSize(1);
        assertThat(w.display()).isEqualTo("Rollout app/web");
    }
}
