package dev.walguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchCondition;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.util.List;
import java.util.Map;

/** The exact values the issue asks of deploy/ and the chart, and assertions over them. */
final class Expected {

    static final String WEBHOOK_NAME = "validate.walguard.dev";

    static final String MATCH_CONDITION_NAME = "marked-sqlite-wal";

    static final String MATCH_CONDITION_EXPRESSION = """
            object != null && (
              (has(object.metadata) && has(object.metadata.annotations) &&
                'walguard.dev/sqlite-wal' in object.metadata.annotations &&
                object.metadata.annotations['walguard.dev/sqlite-wal'] != 'false') ||
              (has(object.spec) && has(object.spec.template) && has(object.spec.template.metadata) &&
                has(object.spec.template.metadata.annotations) &&
                'walguard.dev/sqlite-wal' in object.spec.template.metadata.annotations &&
                object.spec.template.metadata.annotations['walguard.dev/sqlite-wal'] != 'false') ||
              (has(object.spec) && has(object.spec.jobTemplate) && has(object.spec.jobTemplate.spec) &&
                has(object.spec.jobTemplate.spec.template) &&
                has(object.spec.jobTemplate.spec.template.metadata) &&
                has(object.spec.jobTemplate.spec.template.metadata.annotations) &&
                'walguard.dev/sqlite-wal' in object.spec.jobTemplate.spec.template.metadata.annotations &&
                object.spec.jobTemplate.spec.template.metadata.annotations['walguard.dev/sqlite-wal'] != 'false')
            )""";

    static final List<RuleWithOperations> RULES = List.of(
            rule("", "pods", "replicationcontrollers"),
            rule("apps", "deployments", "statefulsets", "daemonsets", "replicasets"),
            rule("batch", "jobs", "cronjobs"));

    static final List<String> EXCLUDED_NAMESPACES = List.of("kube-system", "kube-public", "kube-node-lease", "walguard");

    static final List<PolicyRule> CLUSTER_ROLE_RULES = List.of(
            readOnly("", "namespaces", "persistentvolumeclaims", "persistentvolumes", "pods"),
            readOnly("storage.k8s.io", "storageclasses"),
            readOnly("apps", "replicasets"),
            readOnly("batch", "jobs"));

    static final PodSecurityContext POD_SECURITY = new PodSecurityContextBuilder()
            .withRunAsNonRoot(true).withRunAsUser(10001L).withRunAsGroup(10001L).withFsGroup(10001L)
            .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
            .build();

    static final SecurityContext CONTAINER_SECURITY = new SecurityContextBuilder()
            .withRunAsNonRoot(true).withRunAsUser(10001L).withRunAsGroup(10001L)
            .withReadOnlyRootFilesystem(true).withAllowPrivilegeEscalation(false).withPrivileged(false)
            .withNewCapabilities().withDrop("ALL").endCapabilities()
            .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
            .build();

    static final Probe STARTUP = probe("/q/health/live", 2, 60);
    static final Probe LIVENESS = probe("/q/health/live", 10, 3);
    static final Probe READINESS = probe("/q/health/ready", 5, 3);

    /** The container's TLS settings: Quarkus' TLS registry, configuration "walguard", plain HTTP off. */
    static final Map<String, String> TLS_ENV = Map.of(
            "QUARKUS_HTTP_INSECURE_REQUESTS", "disabled",
            "QUARKUS_HTTP_TLS_CONFIGURATION_NAME", "walguard",
            "QUARKUS_TLS_WALGUARD_KEY_STORE_PEM_SERVING_CERT", "/tls/tls.crt",
            "QUARKUS_TLS_WALGUARD_KEY_STORE_PEM_SERVING_KEY", "/tls/tls.key",
            "QUARKUS_TLS_WALGUARD_PROTOCOLS", "TLSv1.3,TLSv1.2",
            "QUARKUS_TLS_WALGUARD_RELOAD_PERIOD", "1m");

    private Expected() {
    }

    static RuleWithOperations rule(String group, String... resources) {
        return new RuleWithOperationsBuilder().withApiGroups(group)
                .withApiVersions(group.equals("argoproj.io") ? "v1alpha1" : "v1")
                .withOperations("CREATE", "UPDATE").withResources(resources).withScope("Namespaced").build();
    }

    private static PolicyRule readOnly(String group, String... resources) {
        return new PolicyRuleBuilder().withApiGroups(group).withResources(resources)
                .withVerbs("get", "list", "watch").build();
    }

    private static Probe probe(String path, int period, int failures) {
        return new ProbeBuilder().withNewHttpGet().withPath(path).withPort(new IntOrString("https"))
                .withScheme("HTTPS").endHttpGet()
                .withPeriodSeconds(period).withTimeoutSeconds(2).withFailureThreshold(failures).build();
    }

    /** Everything about the webhook entry except failurePolicy, timeoutSeconds and extra rules. */
    static void assertWebhook(ValidatingWebhook webhook, String service, String namespace, List<RuleWithOperations> rules,
            List<String> excludedNamespaces) {
        assertThat(webhook.getName()).isEqualTo(WEBHOOK_NAME);
        assertThat(webhook.getAdmissionReviewVersions()).containsExactly("v1");
        assertThat(webhook.getSideEffects()).isEqualTo("None");
        assertThat(webhook.getMatchPolicy()).isEqualTo("Equivalent");
        assertThat(webhook.getClientConfig().getUrl()).isNull();
        assertThat(webhook.getClientConfig().getService().getName()).isEqualTo(service);
        assertThat(webhook.getClientConfig().getService().getNamespace()).isEqualTo(namespace);
        assertThat(webhook.getClientConfig().getService().getPath()).isEqualTo("/validate");
        assertThat(webhook.getClientConfig().getService().getPort()).isEqualTo(443);
        assertThat(webhook.getRules()).containsExactlyElementsOf(rules);
        assertThat(webhook.getObjectSelector()).isNull();
        assertThat(webhook.getNamespaceSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(webhook.getNamespaceSelector().getMatchExpressions()).containsExactly(
                new LabelSelectorRequirementBuilder().withKey("kubernetes.io/metadata.name").withOperator("NotIn")
                        .withValues(excludedNamespaces).build());
        assertThat(webhook.getMatchConditions()).extracting(MatchCondition::getName, MatchCondition::getExpression)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(MATCH_CONDITION_NAME, MATCH_CONDITION_EXPRESSION));
    }

    /** Pod security "restricted", probes over HTTPS, /tmp and /tls mounts of the walguard Deployment. */
    static void assertRestrictedHttpsPod(Deployment deployment, String tlsSecret) {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext()).isEqualTo(POD_SECURITY);
        assertThat(pod.getHostNetwork()).isNull();
        assertThat(pod.getHostPID()).isNull();
        assertThat(pod.getHostIPC()).isNull();
        assertThat(pod.getAutomountServiceAccountToken()).isTrue();
        assertThat(pod.getContainers()).hasSize(1);
        assertThat(pod.getInitContainers()).isEmpty();
        Container container = pod.getContainers().get(0);
        assertThat(container.getName()).isEqualTo("walguard");
        assertThat(container.getSecurityContext()).isEqualTo(CONTAINER_SECURITY);
        assertThat(container.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("https");
            assertThat(port.getContainerPort()).isEqualTo(8443);
            assertThat(port.getProtocol()).isEqualTo("TCP");
        });
        assertThat(container.getStartupProbe()).isEqualTo(STARTUP);
        assertThat(container.getLivenessProbe()).isEqualTo(LIVENESS);
        assertThat(container.getReadinessProbe()).isEqualTo(READINESS);
        assertThat(container.getEnv()).filteredOn(e -> e.getName().startsWith("QUARKUS_"))
                .extracting(EnvVar::getName, EnvVar::getValue)
                .containsExactlyInAnyOrderElementsOf(TLS_ENV.entrySet().stream()
                        .map(e -> org.assertj.core.groups.Tuple.tuple(e.getKey(), e.getValue())).toList());
        assertThat(container.getVolumeMounts()).extracting(VolumeMount::getName, VolumeMount::getMountPath,
                VolumeMount::getReadOnly).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("tls", "/tls", true),
                        org.assertj.core.groups.Tuple.tuple("tmp", "/tmp", null));
        assertThat(pod.getVolumes()).extracting(Volume::getName).containsExactly("tls", "tmp");
        Volume tls = pod.getVolumes().get(0);
        assertThat(tls.getSecret().getSecretName()).isEqualTo(tlsSecret);
        assertThat(tls.getSecret().getDefaultMode()).isEqualTo(0440);
        assertThat(tls.getSecret().getItems()).isEmpty();
        Volume tmp = pod.getVolumes().get(1);
        assertThat(tmp.getEmptyDir()).isNotNull();
        assertThat(tmp.getEmptyDir().getSizeLimit().toString()).isEqualTo("64Mi");
        assertThat(container.getLifecycle().getPreStop().getSleep().getSeconds()).isEqualTo(5L);
    }

    /** Preferred podAntiAffinity by hostname on the pods' own selector labels. */
    static void assertSpreadOverNodes(Deployment deployment) {
        var preferred = deployment.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution();
        assertThat(preferred).singleElement().satisfies(term -> {
            assertThat(term.getWeight()).isEqualTo(100);
            assertThat(term.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
            assertThat(term.getPodAffinityTerm().getLabelSelector().getMatchLabels())
                    .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        });
        assertThat(deployment.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()).isEmpty();
    }
}
