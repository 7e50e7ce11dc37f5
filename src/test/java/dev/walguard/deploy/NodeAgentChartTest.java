package dev.walguard.deploy;

import static dev.walguard.deploy.Charts.CHART;
import static dev.walguard.deploy.Charts.CI;
import static dev.walguard.deploy.Charts.DEPLOY;
import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node agent in the chart (agent.enabled) and in deploy/80-node-agent.yaml.optional. */
class NodeAgentChartTest {

    private static final String AGENT_FILE = "80-node-agent.yaml.optional";
    private static final String AGENT_NAMESPACE = "walguard-node-agent";
    private static final List<String> AGENT_OBJECTS = List.of(
            "ServiceAccount/walguard-node-agent",
            "CustomResourceDefinition/nodeobservations.walguard.dev",
            "ClusterRole/walguard-node-agent",
            "ClusterRoleBinding/walguard-node-agent",
            "DaemonSet/walguard-node-agent",
            "ValidatingAdmissionPolicy/walguard-node-agent",
            "ValidatingAdmissionPolicyBinding/walguard-node-agent");

    private static Manifests enabled() {
        return Charts.render(CI.resolve("node-agent-values.yaml"));
    }

    @Test
    void offByDefaultNothingOfTheAgentIsRendered() {
        assertThat(Charts.render().kindsAndNames()).doesNotContainAnyElementsOf(AGENT_OBJECTS);
    }

    /** helm-java's lint takes no values: lint a copy of the chart whose values.yaml turns the agent on. */
    @Test
    void lintStrictIsCleanWithTheAgentOn(@TempDir Path tmp) throws IOException {
        Path copy = tmp.resolve("walguard");
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path source : files.toList()) {
                Files.copy(source, copy.resolve(CHART.relativize(source).toString()));
            }
        }
        Path values = copy.resolve("values.yaml");
        String original = Files.readString(values);
        String on = original.replaceFirst(
                "(?m)^  enabled: false\n  # -- How often each agent", "  enabled: true\n  # -- How often each agent");
        assertThat(on).isNotEqualTo(original);
        Files.writeString(values, on);

        LintResult lint = new Helm(copy).lint().strict().call();

        assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).as("no INFO, WARNING or ERROR").isEmpty();
    }

    @Test
    void theAgentIsRenderedWithFieldsKubernetesKnows() {
        Manifests rendered = enabled();
        assertThat(rendered.kindsAndNames()).containsAll(AGENT_OBJECTS);
        assertThat(rendered.unknownFields()).isEmpty();
        CustomResourceDefinition crd = rendered.get(CustomResourceDefinition.class, "nodeobservations.walguard.dev");
        assertThat(crd.getSpec().getScope()).isEqualTo("Cluster");
        assertThat(crd.getSpec().getNames().getKind()).isEqualTo("NodeObservation");
    }

    @Test
    void theDaemonSetHasOnlyReadOnlyHostMountsAndOneCapability() {
        DaemonSet daemonSet = enabled().get(DaemonSet.class, "walguard-node-agent");
        PodSpec pod = daemonSet.getSpec().getTemplate().getSpec();
        assertThat(pod.getHostPID()).isNull();
        assertThat(pod.getHostNetwork()).isNull();
        assertThat(pod.getHostIPC()).isNull();
        assertThat(pod.getServiceAccountName()).isEqualTo("walguard-node-agent");
        assertThat(pod.getVolumes())
                .extracting(
                        Volume::getName,
                        v -> v.getHostPath() == null ? null : v.getHostPath().getPath())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("kubelet-pods", "/var/lib/kubelet/pods"),
                        org.assertj.core.groups.Tuple.tuple("host-mountinfo", "/proc/1/mountinfo"),
                        org.assertj.core.groups.Tuple.tuple("tmp", null));
        assertThat(pod.getVolumes().get(0).getHostPath().getType()).isEqualTo("Directory");
        assertThat(pod.getVolumes().get(1).getHostPath().getType()).isEqualTo("File");

        Container container = pod.getContainers().get(0);
        assertThat(container.getArgs())
                .containsExactly(
                        "node-agent",
                        "--kubelet-root=/var/lib/kubelet",
                        "--host-kubelet-root=/var/lib/kubelet",
                        "--mountinfo=/host/proc/1/mountinfo",
                        "--interval=5m");
        assertThat(container.getVolumeMounts())
                .extracting(
                        VolumeMount::getName,
                        VolumeMount::getMountPath,
                        VolumeMount::getReadOnly,
                        VolumeMount::getMountPropagation)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "kubelet-pods", "/var/lib/kubelet/pods", true, "HostToContainer"),
                        org.assertj.core.groups.Tuple.tuple("host-mountinfo", "/host/proc/1/mountinfo", true, null),
                        org.assertj.core.groups.Tuple.tuple("tmp", "/tmp", null, null));
        var security = container.getSecurityContext();
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(security.getCapabilities().getAdd()).containsExactly("DAC_READ_SEARCH");
        assertThat(security.getPrivileged()).isFalse();
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getReadOnlyRootFilesystem()).isTrue();
        assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(container.getResources().getLimits())
                .containsEntry("cpu", new Quantity("250m"))
                .containsEntry("memory", new Quantity("192Mi"));
        assertThat(container.getEnv().get(0).getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("spec.nodeName");
    }

    /** The webhook's Deployment and Service select by name and instance: the agent's pods must not match. */
    @Test
    void theWebhooksSelectorsDoNotMatchTheAgentsPods() {
        Manifests rendered = enabled();
        Map<String, String> agentLabels = rendered.get(DaemonSet.class, "walguard-node-agent")
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getLabels();
        Map<String, String> webhookSelector = rendered.get(Deployment.class, "walguard")
                .getSpec()
                .getSelector()
                .getMatchLabels();
        assertThat(webhookSelector.entrySet())
                .isNotEmpty()
                .anyMatch(e -> !e.getValue().equals(agentLabels.get(e.getKey())));
    }

    @Test
    void rbacWritesOnlyNodeObservationsAndAPolicyHoldsEachAgentToItsNode() {
        Manifests rendered = enabled();
        assertThat(rendered.get(ClusterRole.class, "walguard-node-agent").getRules())
                .containsExactly(
                        rule("walguard.dev", "nodeobservations", "get", "create", "update"),
                        rule("", "nodes", "get"),
                        rule("", "pods", "list", "watch"));
        assertThat(rendered.get(ClusterRoleBinding.class, "walguard-node-agent").getSubjects())
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.getName()).isEqualTo("walguard-node-agent");
                    assertThat(s.getNamespace()).isEqualTo("walguard");
                });
        ValidatingAdmissionPolicy policy = rendered.get(ValidatingAdmissionPolicy.class, "walguard-node-agent");
        assertThat(policy.getSpec().getMatchConditions())
                .singleElement()
                .satisfies(c -> assertThat(c.getExpression())
                        .isEqualTo("request.userInfo.username == "
                                + "'system:serviceaccount:walguard:walguard-node-agent'"));
        assertThat(policy.getSpec().getValidations())
                .singleElement()
                .satisfies(
                        v -> assertThat(v.getExpression())
                                .isEqualTo(
                                        "'authentication.kubernetes.io/node-name' in request.userInfo.extra && "
                                                + "request.name == request.userInfo.extra['authentication.kubernetes.io/node-name'][0]"));
        assertThat(rendered.get(ValidatingAdmissionPolicyBinding.class, "walguard-node-agent")
                        .getSpec()
                        .getValidationActions())
                .containsExactly("Deny");
    }

    /** The webhook reads observations exactly when the agent runs; it may always read them (read-only). */
    @Test
    void theWebhookReadsObservationsWhenTheAgentRuns() {
        for (boolean on : new boolean[] {false, true}) {
            Manifests rendered = on ? enabled() : Charts.render();
            Container webhook = rendered.get(Deployment.class, "walguard")
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0);
            assertThat(webhook.getEnv())
                    .filteredOn(e -> e.getName().equals("WALGUARD_NODE_OBSERVATIONS"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.getValue()).isEqualTo(String.valueOf(on)));
            assertThat(rendered.get(ClusterRole.class, "walguard").getRules())
                    .contains(rule("walguard.dev", "nodeobservations", "get", "list", "watch"));
        }
    }

    private static PolicyRule rule(String group, String resource, String... verbs) {
        return new PolicyRuleBuilder()
                .withApiGroups(group)
                .withResources(resource)
                .withVerbs(verbs)
                .build();
    }

    @Test
    void notesSayWhetherTheAgentRuns() {
        assertThat(Charts.notes(Map.of()))
                .contains("  Node agent:      off (agent.enabled=true adds a DaemonSet that reports what each pod "
                        + "volume really is; docs/node-agent.md)\n");
        assertThat(Charts.notes(Map.of("agent.enabled", true)))
                .contains("  Node agent:      on: DaemonSet walguard-node-agent rescans every 5m (kubectl get "
                        + "nodeobservations; docs/node-agent.md)\n");
    }

    /** deploy/80-node-agent.yaml.optional is the chart's render with the agent on, in a namespace of its own. */
    @Test
    void theDeployFileIsTheChartsRenderInItsOwnPrivilegedNamespace() throws IOException {
        Manifests file = Manifests.read(DEPLOY.resolve(AGENT_FILE));
        assertThat(file.unknownFields()).isEmpty();
        assertThat(file.get(Namespace.class, AGENT_NAMESPACE).getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "privileged");
        Manifests chart = Manifests.parse(new Helm(CHART)
                .template()
                .withName(Charts.RELEASE)
                .withNamespace(AGENT_NAMESPACE)
                .withKubeVersion(Charts.KUBE_VERSION)
                .set("agent.enabled", true)
                .call());
        List<HasMetadata> agent =
                file.all().stream().filter(o -> !(o instanceof Namespace)).toList();
        assertThat(agent)
                .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(AGENT_OBJECTS);
        for (HasMetadata object : agent) {
            HasMetadata rendered = chart.all().stream()
                    .filter(o -> o.getKind().equals(object.getKind())
                            && o.getMetadata()
                                    .getName()
                                    .equals(object.getMetadata().getName()))
                    .findFirst()
                    .orElseThrow();
            assertThat(withoutHelmLabels(rendered))
                    .as("%s/%s", object.getKind(), object.getMetadata().getName())
                    .isEqualTo(withoutHelmLabels(object));
        }
        assertThat(Files.readString(DEPLOY.resolve(AGENT_FILE)))
                .contains("not applied by `kubectl apply -f deploy/`", "kubectl apply -f deploy/" + AGENT_FILE);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutHelmLabels(HasMetadata object) {
        Map<String, Object> map = new HashMap<>(Manifests.asMap(object));
        strip((Map<String, Object>) map.get("metadata"), map, "metadata");
        if (object instanceof DaemonSet) {
            Map<String, Object> spec = new HashMap<>((Map<String, Object>) map.get("spec"));
            Map<String, Object> template = new HashMap<>((Map<String, Object>) spec.get("template"));
            strip((Map<String, Object>) template.get("metadata"), template, "metadata");
            spec.put("template", template);
            map.put("spec", spec);
        }
        return map;
    }

    @SuppressWarnings("unchecked")
    private static void strip(Map<String, Object> metadata, Map<String, Object> parent, String key) {
        Map<String, Object> copy = new HashMap<>(metadata);
        Map<String, String> labels = new HashMap<>((Map<String, String>) copy.getOrDefault("labels", Map.of()));
        labels.remove("helm.sh/chart");
        labels.remove("app.kubernetes.io/version");
        labels.remove("app.kubernetes.io/managed-by");
        copy.put("labels", labels);
        parent.put(key, copy);
    }
}
