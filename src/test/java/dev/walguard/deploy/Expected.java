package dev.walguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.walguard.policy.ImageCatalogue;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchCondition;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpecBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.RoleRefBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import java.util.List;
import java.util.Map;

/** The exact values the issue asks of deploy/ and the chart, and assertions over them. */
final class Expected {

    static final String WEBHOOK_NAME = "validate.walguard.dev";

    /** walguard.detect=off's condition, written out by hand: the generator must reproduce it. */
    static final String MARKED_CONDITION_EXPRESSION = """
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

    static final List<String> EXCLUDED_NAMESPACES =
            List.of("kube-system", "kube-public", "kube-node-lease", "walguard");

    static final List<PolicyRule> CLUSTER_ROLE_RULES = List.of(
            readOnly("", "namespaces", "persistentvolumeclaims", "persistentvolumes", "pods"),
            readOnly("storage.k8s.io", "storageclasses"),
            readOnly("apps", "replicasets"),
            readOnly("batch", "jobs"),
            // The node agent's observations, read only when it runs (docs/node-agent.md).
            readOnly("walguard.dev", "nodeobservations"));

    /** docs/rbac.md, "The background audit": cluster-wide, only with the audit on. */
    static final List<PolicyRule> AUDIT_CLUSTER_ROLE_RULES = List.of(
            policyRule("apps", List.of("deployments", "statefulsets", "daemonsets"), List.of(), "get", "list", "watch"),
            policyRule("batch", List.of("cronjobs"), List.of(), "get", "list", "watch"),
            policyRule("", List.of("events"), List.of(), "create", "patch"),
            // list and create cannot be limited to a name; get reads nothing list does not.
            policyRule("wgpolicyk8s.io", List.of("policyreports"), List.of(), "get", "list", "create"),
            // Replacing and deleting: only the reports walguard writes, all named "walguard". It never patches them.
            policyRule("wgpolicyk8s.io", List.of("policyreports"), List.of("walguard"), "update", "delete"),
            policyRule("openreports.io", List.of("reports"), List.of(), "get", "list", "create"),
            policyRule("openreports.io", List.of("reports"), List.of("walguard"), "update", "delete"),
            policyRule(
                    "apiextensions.k8s.io",
                    List.of("customresourcedefinitions"),
                    List.of("policyreports.wgpolicyk8s.io", "reports.openreports.io"),
                    "get"));

    /** The audit's leader election, in walguard's own namespace only. */
    static final List<PolicyRule> AUDIT_LEASE_RULES =
            List.of(policyRule("coordination.k8s.io", List.of("leases"), List.of(), "get", "create", "update"));

    static final PodSecurityContext POD_SECURITY = new PodSecurityContextBuilder()
            .withRunAsNonRoot(true)
            .withRunAsUser(10001L)
            .withRunAsGroup(10001L)
            .withFsGroup(10001L)
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile()
            .build();

    static final SecurityContext CONTAINER_SECURITY = new SecurityContextBuilder()
            .withRunAsNonRoot(true)
            .withRunAsUser(10001L)
            .withRunAsGroup(10001L)
            .withReadOnlyRootFilesystem(true)
            .withAllowPrivilegeEscalation(false)
            .withPrivileged(false)
            .withNewCapabilities()
            .withDrop("ALL")
            .endCapabilities()
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile()
            .build();

    /** The webhook: /validate only, the port the Service's 443 forwards to. */
    static final int WEBHOOK_PORT = 8443;
    /** Quarkus' management interface: /q/health/live, /q/health/ready, /q/metrics, /report. */
    static final int MANAGEMENT_PORT = 9000;

    /** All three probes on the management port over HTTPS; liveness fails when admission is wedged. */
    static final Probe STARTUP = probe("/q/health/live", 2, 2, 60);

    static final Probe LIVENESS = probe("/q/health/live", 10, 3, 3);
    static final Probe READINESS = probe("/q/health/ready", 5, 3, 3);

    /** TLS 1.3's suites; for TLS 1.2 only ECDHE with AES-GCM or ChaCha20-Poly1305: no CBC, no RSA key exchange. */
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /** The container's TLS settings: Quarkus' TLS registry, configuration "walguard" on both ports, plain HTTP off. */
    static final Map<String, String> TLS_ENV = Map.of(
            "QUARKUS_HTTP_INSECURE_REQUESTS", "disabled",
            "QUARKUS_HTTP_TLS_CONFIGURATION_NAME", "walguard",
            "QUARKUS_MANAGEMENT_TLS_CONFIGURATION_NAME", "walguard",
            "QUARKUS_TLS_WALGUARD_KEY_STORE_PEM_SERVING_CERT", "/tls/tls.crt",
            "QUARKUS_TLS_WALGUARD_KEY_STORE_PEM_SERVING_KEY", "/tls/tls.key",
            "QUARKUS_TLS_WALGUARD_PROTOCOLS", "TLSv1.3,TLSv1.2",
            "QUARKUS_TLS_WALGUARD_CIPHER_SUITES", String.join(",", CIPHER_SUITES),
            "QUARKUS_TLS_WALGUARD_RELOAD_PERIOD", "1m");

    private Expected() {}

    static RuleWithOperations rule(String group, String... resources) {
        return new RuleWithOperationsBuilder()
                .withApiGroups(group)
                .withApiVersions(group.equals("argoproj.io") ? "v1alpha1" : "v1")
                .withOperations("CREATE", "UPDATE")
                .withResources(resources)
                .withScope("Namespaced")
                .build();
    }

    private static PolicyRule readOnly(String group, String... resources) {
        return new PolicyRuleBuilder()
                .withApiGroups(group)
                .withResources(resources)
                .withVerbs("get", "list", "watch")
                .build();
    }

    private static PolicyRule policyRule(
            String group, List<String> resources, List<String> resourceNames, String... verbs) {
        return new PolicyRuleBuilder()
                .withApiGroups(group)
                .withResources(resources)
                .withResourceNames(resourceNames)
                .withVerbs(verbs)
                .build();
    }

    /** The audit's ClusterRole, Role and their bindings, named after {@code fullname}, exactly. */
    static void assertAuditRbac(Manifests manifests, String fullname, String serviceAccount, String namespace) {
        List<Subject> subjects = List.of(new SubjectBuilder()
                .withKind("ServiceAccount")
                .withName(serviceAccount)
                .withNamespace(namespace)
                .build());

        ClusterRole clusterRole = manifests.get(ClusterRole.class, fullname + "-audit");
        assertThat(clusterRole.getMetadata().getNamespace()).isNull();
        assertThat(clusterRole.getAggregationRule()).isNull();
        assertThat(clusterRole.getRules()).containsExactlyElementsOf(AUDIT_CLUSTER_ROLE_RULES);
        ClusterRoleBinding clusterBinding = manifests.get(ClusterRoleBinding.class, fullname + "-audit");
        assertThat(clusterBinding.getRoleRef()).isEqualTo(roleRef("ClusterRole", fullname + "-audit"));
        assertThat(clusterBinding.getSubjects()).containsExactlyElementsOf(subjects);

        Role lease = manifests.get(Role.class, fullname + "-audit-lease");
        assertThat(lease.getMetadata().getNamespace()).isEqualTo(namespace);
        assertThat(lease.getRules()).containsExactlyElementsOf(AUDIT_LEASE_RULES);
        RoleBinding leaseBinding = manifests.get(RoleBinding.class, fullname + "-audit-lease");
        assertThat(leaseBinding.getMetadata().getNamespace()).isEqualTo(namespace);
        assertThat(leaseBinding.getRoleRef()).isEqualTo(roleRef("Role", fullname + "-audit-lease"));
        assertThat(leaseBinding.getSubjects()).containsExactlyElementsOf(subjects);

        assertThat(manifests.all(Role.class)).hasSize(1);
        assertThat(manifests.all(RoleBinding.class)).hasSize(1);
    }

    /** With the audit off: no audit RBAC at all, and the cluster view's read-only role is the only one. */
    static void assertNoAuditRbac(Manifests manifests) {
        assertThat(manifests.all(Role.class)).isEmpty();
        assertThat(manifests.all(RoleBinding.class)).isEmpty();
        assertThat(manifests.all(ClusterRole.class))
                .singleElement()
                .satisfies(role -> assertThat(role.getRules()).containsExactlyElementsOf(CLUSTER_ROLE_RULES));
        assertThat(manifests.all(ClusterRoleBinding.class))
                .singleElement()
                .satisfies(binding -> assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole"));
    }

    /** The container's audit settings with the audit on: WALGUARD_AUDIT_* in order, and POD_NAMESPACE from the pod. */
    static void assertAuditEnv(Container container, String interval, String eventsPerSecond) {
        assertThat(container.getEnv())
                .filteredOn(e -> e.getName().startsWith("WALGUARD_AUDIT_"))
                .extracting(EnvVar::getName, EnvVar::getValue)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("WALGUARD_AUDIT_ENABLED", "true"),
                        org.assertj.core.groups.Tuple.tuple("WALGUARD_AUDIT_INTERVAL", interval),
                        org.assertj.core.groups.Tuple.tuple("WALGUARD_AUDIT_EVENTS_PER_SECOND", eventsPerSecond));
        assertThat(container.getEnv())
                .filteredOn(e -> e.getName().equals("POD_NAMESPACE"))
                .singleElement()
                .satisfies(env -> {
                    assertThat(env.getValue()).isNull();
                    assertThat(env.getValueFrom().getSecretKeyRef()).isNull();
                    assertThat(env.getValueFrom().getConfigMapKeyRef()).isNull();
                    assertThat(env.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
                });
    }

    /** With the audit off: only WALGUARD_AUDIT_ENABLED=false (walguard's default is on), no POD_NAMESPACE. */
    static void assertNoAuditEnv(Container container) {
        assertThat(container.getEnv())
                .filteredOn(e -> e.getName().startsWith("WALGUARD_AUDIT_"))
                .extracting(EnvVar::getName, EnvVar::getValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("WALGUARD_AUDIT_ENABLED", "false"));
        assertThat(container.getEnv()).extracting(EnvVar::getName).doesNotContain("POD_NAMESPACE");
        assertThat(container.getEnv())
                .allSatisfy(env -> assertThat(env.getValueFrom()).isNull());
    }

    private static RoleRef roleRef(String kind, String name) {
        return new RoleRefBuilder()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind(kind)
                .withName(name)
                .build();
    }

    private static Probe probe(String path, int period, int timeout, int failures) {
        return new ProbeBuilder()
                .withNewHttpGet()
                .withPath(path)
                .withPort(new IntOrString("management"))
                .withScheme("HTTPS")
                .endHttpGet()
                .withPeriodSeconds(period)
                .withTimeoutSeconds(timeout)
                .withFailureThreshold(failures)
                .build();
    }

    /** Everything about the webhook entry except failurePolicy, timeoutSeconds and extra rules. */
    static void assertWebhook(
            ValidatingWebhook webhook,
            String service,
            String namespace,
            List<RuleWithOperations> rules,
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
        assertThat(webhook.getNamespaceSelector().getMatchExpressions())
                .containsExactly(new LabelSelectorRequirementBuilder()
                        .withKey("kubernetes.io/metadata.name")
                        .withOperator("NotIn")
                        .withValues(excludedNamespaces)
                        .build());
        assertThat(webhook.getMatchConditions())
                .extracting(MatchCondition::getName, MatchCondition::getExpression)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        GeneratedMatchConditions.DETECTED_NAME,
                        GeneratedMatchConditions.detectedExpression(ImageCatalogue.standard())));
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
        // The image's ENTRYPOINT (-XX:+ExitOnOutOfMemoryError, no TLS renegotiation) runs unchanged.
        assertThat(container.getCommand()).isEmpty();
        assertThat(container.getArgs()).isEmpty();
        assertThat(container.getEnv())
                .extracting(EnvVar::getName)
                .doesNotContain("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "JAVA_OPTS", "_JAVA_OPTIONS");
        assertThat(container.getPorts())
                .extracting(
                        ContainerPort::getName,
                        ContainerPort::getContainerPort,
                        ContainerPort::getProtocol,
                        ContainerPort::getHostPort)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("https", WEBHOOK_PORT, "TCP", null),
                        org.assertj.core.groups.Tuple.tuple("management", MANAGEMENT_PORT, "TCP", null));
        assertThat(container.getStartupProbe()).isEqualTo(STARTUP);
        assertThat(container.getLivenessProbe()).isEqualTo(LIVENESS);
        assertThat(container.getReadinessProbe()).isEqualTo(READINESS);
        assertThat(container.getEnv())
                .filteredOn(e -> e.getName().startsWith("QUARKUS_"))
                .extracting(EnvVar::getName, EnvVar::getValue)
                .containsExactlyInAnyOrderElementsOf(TLS_ENV.entrySet().stream()
                        .map(e -> org.assertj.core.groups.Tuple.tuple(e.getKey(), e.getValue()))
                        .toList());
        assertThat(container.getVolumeMounts())
                .extracting(VolumeMount::getName, VolumeMount::getMountPath, VolumeMount::getReadOnly)
                .containsExactly(
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
        assertThat(container.getLifecycle().getPreStop().getSleep().getSeconds())
                .isEqualTo(5L);
    }

    /** The class the chart (priorityClass.create) and deploy/05-priorityclass.yaml create for the pods. */
    static void assertOwnPriorityClass(PriorityClass priorityClass, int value) {
        assertThat(priorityClass.getValue()).isEqualTo(value);
        assertThat(priorityClass.getGlobalDefault()).isFalse();
        assertThat(priorityClass.getPreemptionPolicy())
                .as("the default, PreemptLowerPriority")
                .isNull();
        assertThat(priorityClass.getMetadata().getNamespace()).isNull();
        assertThat(priorityClass.getDescription()).contains("failurePolicy Fail");
    }

    /**
     * The NetworkPolicy of the walguard pods (not the helm test pod): 8443 from the API server's CIDRs only; 9000
     * from the helm test pod and, with a selector, the monitoring pods; egress to the API server and DNS only.
     */
    static NetworkPolicySpec networkPolicySpec(
            List<String> apiServerCidrs,
            List<Integer> apiServerPorts,
            LabelSelector monitoringNamespaces,
            LabelSelector monitoringPods) {
        List<NetworkPolicyPeer> apiServer = apiServerCidrs.stream()
                .map(cidr -> new NetworkPolicyPeerBuilder()
                        .withNewIpBlock()
                        .withCidr(cidr)
                        .endIpBlock()
                        .build())
                .toList();
        List<NetworkPolicyIngressRule> ingress = new java.util.ArrayList<>(List.of(
                new NetworkPolicyIngressRuleBuilder()
                        .withFrom(apiServer)
                        .withPorts(tcp(WEBHOOK_PORT))
                        .build(),
                new NetworkPolicyIngressRuleBuilder()
                        .addNewFrom()
                        .withNewPodSelector()
                        .withMatchLabels(Map.of(
                                "app.kubernetes.io/name",
                                "walguard",
                                "app.kubernetes.io/instance",
                                "walguard",
                                "app.kubernetes.io/component",
                                "test"))
                        .endPodSelector()
                        .endFrom()
                        .withPorts(tcp(MANAGEMENT_PORT))
                        .build()));
        if (monitoringNamespaces != null || monitoringPods != null) {
            ingress.add(new NetworkPolicyIngressRuleBuilder()
                    .addNewFrom()
                    .withNamespaceSelector(monitoringNamespaces)
                    .withPodSelector(monitoringPods)
                    .endFrom()
                    .withPorts(tcp(MANAGEMENT_PORT))
                    .build());
        }
        return new NetworkPolicySpecBuilder()
                .withNewPodSelector()
                .withMatchLabels(Map.of(
                        "app.kubernetes.io/name",
                        "walguard",
                        "app.kubernetes.io/instance",
                        "walguard",
                        "app.kubernetes.io/component",
                        "webhook"))
                .endPodSelector()
                .withPolicyTypes("Ingress", "Egress")
                .withIngress(ingress)
                .withEgress(
                        new NetworkPolicyEgressRuleBuilder()
                                .withTo(apiServer)
                                .withPorts(apiServerPorts.stream()
                                        .map(Expected::tcp)
                                        .toList())
                                .build(),
                        new NetworkPolicyEgressRuleBuilder()
                                .addNewTo()
                                .withNewNamespaceSelector()
                                .withMatchLabels(Map.of("kubernetes.io/metadata.name", "kube-system"))
                                .endNamespaceSelector()
                                .withNewPodSelector()
                                .withMatchLabels(Map.of("k8s-app", "kube-dns"))
                                .endPodSelector()
                                .endTo()
                                .withPorts(
                                        new NetworkPolicyPortBuilder()
                                                .withProtocol("UDP")
                                                .withPort(new IntOrString(53))
                                                .build(),
                                        tcp(53))
                                .build())
                .build();
    }

    /** ci/network-policy-values.yaml, and deploy/70-networkpolicy.yaml.example: the documented example values. */
    static final NetworkPolicySpec EXAMPLE_NETWORK_POLICY = networkPolicySpec(
            List.of("192.0.2.0/28"),
            List.of(443, 6443),
            new LabelSelectorBuilder()
                    .withMatchLabels(Map.of("kubernetes.io/metadata.name", "monitoring"))
                    .build(),
            new LabelSelectorBuilder()
                    .withMatchLabels(Map.of("app.kubernetes.io/name", "prometheus"))
                    .build());

    private static NetworkPolicyPort tcp(int port) {
        return new NetworkPolicyPortBuilder()
                .withProtocol("TCP")
                .withPort(new IntOrString(port))
                .build();
    }

    /** The Service: 443 to the webhook port, 9000 to the management port, by name. */
    static void assertServicePorts(Service service) {
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getPorts())
                .extracting(
                        ServicePort::getName,
                        ServicePort::getPort,
                        p -> p.getTargetPort().getStrVal(),
                        ServicePort::getProtocol)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("https", 443, "https", "TCP"),
                        org.assertj.core.groups.Tuple.tuple("management", MANAGEMENT_PORT, "management", "TCP"));
    }

    /** Preferred podAntiAffinity by hostname on the pods' own selector labels. */
    static void assertSpreadOverNodes(Deployment deployment) {
        var preferred = deployment
                .getSpec()
                .getTemplate()
                .getSpec()
                .getAffinity()
                .getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution();
        assertThat(preferred).singleElement().satisfies(term -> {
            assertThat(term.getWeight()).isEqualTo(100);
            assertThat(term.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
            assertThat(term.getPodAffinityTerm().getLabelSelector().getMatchLabels())
                    .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        });
        assertThat(deployment
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getAffinity()
                        .getPodAntiAffinity()
                        .getRequiredDuringSchedulingIgnoredDuringExecution())
                .isEmpty();
    }
}
