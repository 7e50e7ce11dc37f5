package dev.walguard.deploy;

import static dev.walguard.deploy.Charts.CHART;
import static dev.walguard.deploy.Charts.CI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** charts/walguard: lint, and what each values scenario renders, exactly. */
class ChartTest {

    private static final Path HA = CI.resolve("ha-values.yaml");
    private static final Path AUDIT = CI.resolve("audit-mode-values.yaml");
    private static final Path CERT_MANAGER = CI.resolve("cert-manager-values.yaml");
    private static final Path GENERATED = CI.resolve("generated-certs-values.yaml");
    private static final Path NO_AUDIT = CI.resolve("no-audit-values.yaml");
    private static final Path SERVICE_MONITOR = CI.resolve("service-monitor-values.yaml");
    private static final Path NETWORK_POLICY = CI.resolve("network-policy-values.yaml");
    private static final String NO_NETWORK_POLICY_WARNING =
            "  - networkPolicy is disabled: the webhook port (8443) and "
                    + "the management port (9000: health, metrics and the audit's findings at /report) are reachable from every "
                    + "pod in the cluster. Set networkPolicy.enabled=true with networkPolicy.apiServerCIDRs (see the README, "
                    + "\"Restricting who can reach walguard\").\n";

    @Test
    void lintStrictIsCleanWithDefaultValues() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).as("no INFO, WARNING or ERROR").isEmpty();
    }

    /** Chart metadata Artifact Hub and {@code helm show chart} present, all pointing at the one project. */
    @Test
    void chartMetadataPointsAtTheProject() throws IOException {
        Map<String, Object> chart =
                new YAMLMapper().readValue(CHART.resolve("Chart.yaml").toFile(), new TypeReference<>() {});
        String project = "https://github.com/walguard/walguard";
        assertThat(chart)
                .containsEntry("home", project)
                .containsEntry("sources", List.of(project))
                .containsEntry("icon", project + "/raw/main/docs/images/walguard.svg")
                .containsEntry("maintainers", List.of(Map.of("name", "walguard maintainers", "url", project)));
        assertThat(Path.of("docs/images/walguard.svg"))
                .as("the icon the chart points at")
                .isRegularFile();
    }

    @Test
    void everyCiScenarioIsCovered() throws IOException {
        try (Stream<Path> files = Files.list(CI)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly(
                            "audit-mode-values.yaml",
                            "cert-manager-values.yaml",
                            "generated-certs-values.yaml",
                            "ha-values.yaml",
                            "network-policy-values.yaml",
                            "no-audit-values.yaml",
                            "node-agent-values.yaml",
                            "service-monitor-values.yaml");
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "audit-mode-values.yaml",
                "cert-manager-values.yaml",
                "ha-values.yaml",
                "no-audit-values.yaml",
                "service-monitor-values.yaml",
                "network-policy-values.yaml"
            })
    void everyScenarioRendersObjectsFabric8Reads(String scenario) {
        Manifests rendered = Charts.render(CI.resolve(scenario));
        assertThat(rendered.all())
                .allSatisfy(o -> assertThat(o.getMetadata().getName()).isNotBlank());
        assertThat(rendered.unknownFields()).isEmpty();
        assertThat(rendered.all())
                .filteredOn(o -> !(o instanceof ClusterRole
                        || o instanceof ClusterRoleBinding
                        || o instanceof ValidatingWebhookConfiguration
                        || o instanceof PriorityClass))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("walguard"));
    }

    @Test
    void defaultValuesRenderTheSafeInstall() {
        Manifests rendered = Charts.render();
        assertThat(rendered.kindsAndNames())
                .containsExactlyInAnyOrder(
                        "PodDisruptionBudget/walguard",
                        "ServiceAccount/walguard",
                        "ClusterRole/walguard",
                        "ClusterRoleBinding/walguard",
                        "ClusterRole/walguard-audit",
                        "ClusterRoleBinding/walguard-audit",
                        "Role/walguard-audit-lease",
                        "RoleBinding/walguard-audit-lease",
                        "Service/walguard",
                        "Deployment/walguard",
                        "Issuer/walguard-selfsigned",
                        "Certificate/walguard-ca",
                        "Issuer/walguard-ca",
                        "Certificate/walguard-tls",
                        "ValidatingWebhookConfiguration/walguard",
                        "PriorityClass/walguard-critical");
        assertThat(rendered.unknownFields()).isEmpty();
        Expected.assertOwnPriorityClass(rendered.get(PriorityClass.class, "walguard-critical"), 1000000);

        ValidatingWebhookConfiguration configuration = rendered.get(ValidatingWebhookConfiguration.class, "walguard");
        assertThat(configuration.getMetadata().getAnnotations())
                .containsExactlyEntriesOf(Map.of("cert-manager.io/inject-ca-from", "walguard/walguard-tls"));
        assertThat(configuration.getWebhooks()).singleElement().satisfies(webhook -> {
            Expected.assertWebhook(webhook, "walguard", "walguard", Expected.RULES, Expected.EXCLUDED_NAMESPACES);
            assertThat(webhook.getFailurePolicy()).isEqualTo("Fail");
            assertThat(webhook.getTimeoutSeconds()).isEqualTo(5);
            assertThat(webhook.getClientConfig().getCaBundle()).isNull();
        });

        Deployment deployment = rendered.get(Deployment.class, "walguard");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment
                        .getSpec()
                        .getStrategy()
                        .getRollingUpdate()
                        .getMaxUnavailable()
                        .getIntVal())
                .isZero();
        assertThat(deployment.getSpec().getSelector().getMatchLabels())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("app.kubernetes.io/name", "walguard", "app.kubernetes.io/instance", "walguard"));
        Expected.assertRestrictedHttpsPod(deployment, "walguard-tls");
        Expected.assertSpreadOverNodes(deployment);
        Container container =
                deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("ghcr.io/walguard/walguard:0.1.0");
        assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(walguardEnv(container))
                .containsExactly(
                        tuple("WALGUARD_MODE", "enforce"),
                        tuple("WALGUARD_UNKNOWN_STORAGE", "warn"),
                        tuple("WALGUARD_EXCEPTIONS", "warnings"),
                        tuple("WALGUARD_DETECT", "images"),
                        tuple("WALGUARD_ROLLBACK_JOURNAL", "warn"),
                        tuple("WALGUARD_NODE_OBSERVATIONS", "false"),
                        tuple("WALGUARD_EXEMPT_NAMESPACES", "kube-system,kube-public,kube-node-lease"),
                        tuple("WALGUARD_AUDIT_ENABLED", "true"),
                        tuple("WALGUARD_AUDIT_INTERVAL", "5m"),
                        tuple("WALGUARD_AUDIT_EVENTS_PER_SECOND", "10"));
        Expected.assertAuditEnv(container, "5m", "10");
        assertThat(container.getResources().getRequests())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("cpu", new Quantity("100m"), "memory", new Quantity("256Mi")));
        assertThat(container.getResources().getLimits())
                .containsExactlyInAnyOrderEntriesOf(Map.of("cpu", new Quantity("1"), "memory", new Quantity("512Mi")));
        assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo("walguard");
        assertThat(deployment.getSpec().getTemplate().getSpec().getPriorityClassName())
                .isEqualTo("walguard-critical");
        assertThat(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
                .extracting(
                        TopologySpreadConstraint::getTopologyKey,
                        TopologySpreadConstraint::getWhenUnsatisfiable,
                        TopologySpreadConstraint::getMaxSkew,
                        c -> c.getLabelSelector().getMatchLabels())
                .containsExactly(tuple(
                        "topology.kubernetes.io/zone",
                        "ScheduleAnyway",
                        1,
                        deployment.getSpec().getSelector().getMatchLabels()));

        PodDisruptionBudget pdb = rendered.get(PodDisruptionBudget.class, "walguard");
        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(pdb.getSpec().getMaxUnavailable()).isNull();
        assertThat(pdb.getSpec().getUnhealthyPodEvictionPolicy()).isEqualTo("AlwaysAllow");
        assertThat(pdb.getSpec().getSelector().getMatchLabels())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());

        Service service = rendered.get(Service.class, "walguard");
        assertThat(service.getSpec().getSelector())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        Expected.assertServicePorts(service);

        assertThat(rendered.get(ClusterRole.class, "walguard").getRules())
                .containsExactlyElementsOf(Expected.CLUSTER_ROLE_RULES);
        ClusterRoleBinding binding = rendered.get(ClusterRoleBinding.class, "walguard");
        assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(binding.getRoleRef().getName()).isEqualTo("walguard");
        assertThat(binding.getSubjects())
                .extracting("kind", "name", "namespace")
                .containsExactly(tuple("ServiceAccount", "walguard", "walguard"));
        Expected.assertAuditRbac(rendered, "walguard", "walguard", "walguard");
        assertThat(rendered.get(ServiceAccount.class, "walguard").getAutomountServiceAccountToken())
                .isTrue();

        assertThat(spec(rendered.generic("Issuer", "walguard-selfsigned"))).isEqualTo(Map.of("selfSigned", Map.of()));
        assertThat(spec(rendered.generic("Certificate", "walguard-ca")))
                .containsEntry("isCA", true)
                .containsEntry("secretName", "walguard-ca")
                .containsEntry("duration", "87600h")
                .containsEntry(
                        "issuerRef",
                        Map.of("group", "cert-manager.io", "kind", "Issuer", "name", "walguard-selfsigned"));
        assertThat(spec(rendered.generic("Issuer", "walguard-ca")))
                .isEqualTo(Map.of("ca", Map.of("secretName", "walguard-ca")));
        Map<String, Object> serving = spec(rendered.generic("Certificate", "walguard-tls"));
        assertThat(serving)
                .containsEntry("secretName", "walguard-tls")
                .containsEntry("dnsNames", List.of("walguard.walguard.svc", "walguard.walguard.svc.cluster.local"))
                .containsEntry("duration", "2160h")
                .containsEntry("renewBefore", "720h")
                .containsEntry("usages", List.of("server auth", "digital signature"))
                .containsEntry("issuerRef", Map.of("group", "cert-manager.io", "kind", "Issuer", "name", "walguard-ca"))
                .containsEntry(
                        "privateKey",
                        Map.of("algorithm", "ECDSA", "size", 256, "encoding", "PKCS8", "rotationPolicy", "Always"));
    }

    @Test
    void auditScenarioAllowsAndNeverDependsOnWalguard() {
        Manifests rendered = Charts.render(AUDIT);
        ValidatingWebhook webhook = rendered.get(ValidatingWebhookConfiguration.class, "walguard")
                .getWebhooks()
                .get(0);
        Expected.assertWebhook(webhook, "walguard", "walguard", Expected.RULES, Expected.EXCLUDED_NAMESPACES);
        assertThat(webhook.getFailurePolicy()).isEqualTo("Ignore");
        assertThat(webhook.getTimeoutSeconds()).isEqualTo(5);
        Container container = rendered.get(Deployment.class, "walguard")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(walguardEnv(container))
                .containsExactly(
                        tuple("WALGUARD_MODE", "audit"),
                        tuple("WALGUARD_UNKNOWN_STORAGE", "warn"),
                        tuple("WALGUARD_EXCEPTIONS", "warnings"),
                        tuple("WALGUARD_DETECT", "images"),
                        tuple("WALGUARD_ROLLBACK_JOURNAL", "warn"),
                        tuple("WALGUARD_NODE_OBSERVATIONS", "false"),
                        tuple("WALGUARD_EXEMPT_NAMESPACES", "kube-system,kube-public,kube-node-lease"),
                        tuple("WALGUARD_AUDIT_ENABLED", "true"),
                        tuple("WALGUARD_AUDIT_INTERVAL", "5m"),
                        tuple("WALGUARD_AUDIT_EVENTS_PER_SECOND", "10"));
        Expected.assertAuditRbac(rendered, "walguard", "walguard", "walguard");
    }

    @Test
    void certManagerScenarioSignsWithTheGivenIssuerOnly() {
        Manifests rendered = Charts.render(CERT_MANAGER);
        assertThat(rendered.all(GenericKubernetesResource.class))
                .extracting(HasMetadata::getKind, o -> o.getMetadata().getName())
                .containsExactly(tuple("Certificate", "walguard-tls"));
        assertThat(spec(rendered.generic("Certificate", "walguard-tls")))
                .containsEntry(
                        "issuerRef", Map.of("group", "cert-manager.io", "kind", "ClusterIssuer", "name", "internal-ca"))
                .containsEntry("duration", "720h")
                .containsEntry("renewBefore", "240h");
        assertThat(rendered.get(ValidatingWebhookConfiguration.class, "walguard")
                        .getMetadata()
                        .getAnnotations())
                .containsExactlyEntriesOf(Map.of("cert-manager.io/inject-ca-from", "walguard/walguard-tls"));
        assertThat(rendered.all(Secret.class)).isEmpty();
    }

    @Test
    void haScenarioSpreadsHardAndAddsKindsAndDriverPatterns() {
        Manifests rendered = Charts.render(HA);
        Deployment deployment = rendered.get(Deployment.class, "walguard");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        Expected.assertRestrictedHttpsPod(deployment, "walguard-tls");
        Expected.assertSpreadOverNodes(deployment);
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getPriorityClassName()).isEqualTo("platform-critical");
        assertThat(rendered.all(PriorityClass.class))
                .as("an existing class: the chart creates none")
                .isEmpty();
        assertThat(pod.getNodeSelector()).containsExactlyEntriesOf(Map.of("kubernetes.io/os", "linux"));
        assertThat(pod.getTolerations())
                .extracting("key", "operator", "value", "effect")
                .containsExactly(tuple("dedicated", "Equal", "platform", "NoSchedule"));
        assertThat(pod.getTopologySpreadConstraints())
                .extracting(
                        TopologySpreadConstraint::getTopologyKey,
                        TopologySpreadConstraint::getWhenUnsatisfiable,
                        c -> c.getLabelSelector().getMatchLabels())
                .containsExactly(tuple(
                        "topology.kubernetes.io/zone",
                        "DoNotSchedule",
                        deployment.getSpec().getSelector().getMatchLabels()));
        Container container = pod.getContainers().get(0);
        assertThat(container.getResources().getRequests())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("cpu", new Quantity("250m"), "memory", new Quantity("384Mi")));
        assertThat(container.getResources().getLimits())
                .containsExactlyInAnyOrderEntriesOf(Map.of("cpu", new Quantity("2"), "memory", new Quantity("768Mi")));
        assertThat(walguardEnv(container))
                .containsExactly(
                        tuple("WALGUARD_MODE", "enforce"),
                        tuple("WALGUARD_UNKNOWN_STORAGE", "deny"),
                        tuple("WALGUARD_EXCEPTIONS", "none"),
                        tuple("WALGUARD_DETECT", "images"),
                        tuple("WALGUARD_ROLLBACK_JOURNAL", "warn"),
                        tuple("WALGUARD_NODE_OBSERVATIONS", "false"),
                        tuple("WALGUARD_EXEMPT_NAMESPACES", "kube-system,kube-public,kube-node-lease"),
                        tuple("WALGUARD_STORAGE_NETWORK", "*.nfs.example.com,filer.example.com"),
                        tuple("WALGUARD_STORAGE_BLOCK", "*.san.example.com"),
                        tuple("WALGUARD_AUDIT_ENABLED", "true"),
                        tuple("WALGUARD_AUDIT_INTERVAL", "5m"),
                        tuple("WALGUARD_AUDIT_EVENTS_PER_SECOND", "10"));
        Expected.assertAuditEnv(container, "5m", "10");
        assertThat(rendered.get(PodDisruptionBudget.class, "walguard")
                        .getSpec()
                        .getMinAvailable()
                        .getIntVal())
                .isEqualTo(2);
        ValidatingWebhook webhook = rendered.get(ValidatingWebhookConfiguration.class, "walguard")
                .getWebhooks()
                .get(0);
        Expected.assertWebhook(
                webhook,
                "walguard",
                "walguard",
                Stream.concat(Expected.RULES.stream(), Stream.of(Expected.rule("argoproj.io", "rollouts")))
                        .toList(),
                Expected.EXCLUDED_NAMESPACES);
        assertThat(webhook.getFailurePolicy()).isEqualTo("Fail");
        assertThat(webhook.getTimeoutSeconds()).isEqualTo(3);
    }

    @Test
    void noAuditScenarioRendersNoAuditRbacNorItsEnvAndKeepsTheReadOnlyClusterView() {
        Manifests rendered = Charts.render(NO_AUDIT);
        Manifests defaults = Charts.render();
        assertThat(rendered.kindsAndNames())
                .containsExactlyInAnyOrderElementsOf(defaults.kindsAndNames().stream()
                        .filter(n -> !n.endsWith("/walguard-audit") && !n.endsWith("/walguard-audit-lease"))
                        .toList());
        assertThat(rendered.unknownFields()).isEmpty();
        Expected.assertNoAuditRbac(rendered);
        // The cluster view's ClusterRole and binding are exactly those of the default install.
        assertThat(rendered.get(ClusterRole.class, "walguard")).isEqualTo(defaults.get(ClusterRole.class, "walguard"));
        assertThat(rendered.get(ClusterRoleBinding.class, "walguard"))
                .isEqualTo(defaults.get(ClusterRoleBinding.class, "walguard"));
        assertThat(rendered.get(ClusterRole.class, "walguard").getRules())
                .containsExactlyElementsOf(Expected.CLUSTER_ROLE_RULES);

        Deployment deployment = rendered.get(Deployment.class, "walguard");
        Expected.assertRestrictedHttpsPod(deployment, "walguard-tls");
        Container container =
                deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(walguardEnv(container))
                .containsExactly(
                        tuple("WALGUARD_MODE", "enforce"),
                        tuple("WALGUARD_UNKNOWN_STORAGE", "warn"),
                        tuple("WALGUARD_EXCEPTIONS", "warnings"),
                        tuple("WALGUARD_DETECT", "images"),
                        tuple("WALGUARD_ROLLBACK_JOURNAL", "warn"),
                        tuple("WALGUARD_NODE_OBSERVATIONS", "false"),
                        tuple("WALGUARD_EXEMPT_NAMESPACES", "kube-system,kube-public,kube-node-lease"),
                        tuple("WALGUARD_AUDIT_ENABLED", "false"));
        Expected.assertNoAuditEnv(container);

        // The same with --set instead of the scenario file.
        Manifests set = Manifests.parse(Charts.template(CHART, List.of(), Map.of("audit.enabled", false)));
        Expected.assertNoAuditRbac(set);
        Expected.assertNoAuditEnv(set.get(Deployment.class, "walguard")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0));
    }

    @Test
    void auditValuesReachTheContainerAndRbacFollowsTheReleaseNames() {
        Manifests rendered = Manifests.parse(Charts.template(
                CHART,
                List.of(),
                Map.of(
                        "audit.interval",
                        "1h",
                        "audit.eventsPerSecond",
                        3,
                        "fullnameOverride",
                        "wg",
                        "serviceAccount.name",
                        "wg-sa")));
        Expected.assertAuditEnv(
                rendered.get(Deployment.class, "wg")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0),
                "1h",
                "3");
        Expected.assertAuditRbac(rendered, "wg", "wg-sa", "walguard");
    }

    /** {@code helm upgrade --reuse-values} from a release made before the chart had {@code audit}: the block is missing. */
    @Test
    void valuesWithoutAnAuditBlockRenderTheAuditWithWalguardsDefaults(@TempDir Path copy) throws IOException {
        copyChart(copy);
        String values = Files.readString(copy.resolve("values.yaml"));
        String withoutAudit = values.replaceFirst("(?ms)^audit:\n.*?^\n", "");
        assertThat(withoutAudit).doesNotContain("eventsPerSecond").hasSizeLessThan(values.length());
        Files.writeString(copy.resolve("values.yaml"), withoutAudit);

        Manifests rendered = Manifests.parse(Charts.template(copy, List.of(), Map.of()));
        Expected.assertAuditRbac(rendered, "walguard", "walguard", "walguard");
        Expected.assertAuditEnv(
                rendered.get(Deployment.class, "walguard")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0),
                "5m",
                "10");
        assertThat(Charts.notesOf(copy, Map.of())).contains("Background audit: on, full pass every 5m");
    }

    @Test
    void serviceMonitorScenarioScrapesMetricsThroughTheServiceOverVerifiedHttps() {
        Manifests rendered = Charts.render(SERVICE_MONITOR);
        Manifests defaults = Charts.render();
        assertThat(defaults.kindsAndNames()).noneMatch(n -> n.startsWith("ServiceMonitor/"));
        assertThat(rendered.kindsAndNames())
                .containsExactlyInAnyOrderElementsOf(
                        Stream.concat(defaults.kindsAndNames().stream(), Stream.of("ServiceMonitor/walguard"))
                                .toList());

        Service service = rendered.get(Service.class, "walguard");
        Map<String, String> selector =
                Map.of("app.kubernetes.io/name", "walguard", "app.kubernetes.io/instance", "walguard");
        GenericKubernetesResource monitor = rendered.generic("ServiceMonitor", "walguard");
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.getMetadata().getNamespace()).isEqualTo("walguard");
        Map<String, String> labels = new LinkedHashMap<>(service.getMetadata().getLabels());
        labels.put("release", "kube-prometheus-stack");
        assertThat(monitor.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(labels);
        assertThat(spec(monitor))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "selector", Map.of("matchLabels", selector),
                        "namespaceSelector", Map.of("matchNames", List.of("walguard")),
                        "endpoints",
                                List.of(Map.of(
                                        "port",
                                        "management",
                                        "path",
                                        "/q/metrics",
                                        "scheme",
                                        "https",
                                        "interval",
                                        "1m",
                                        "scrapeTimeout",
                                        "15s",
                                        "tlsConfig",
                                        Map.of(
                                                "serverName",
                                                "walguard.walguard.svc",
                                                "ca",
                                                Map.of("secret", Map.of("name", "walguard-tls", "key", "ca.crt")))))));

        // It selects exactly walguard's Service, by a port that Service has, and trusts the name it serves.
        assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(selector);
        assertThat(service.getSpec().getPorts()).extracting(p -> p.getName()).contains("management");
        assertThat(rendered.get(Deployment.class, "walguard")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getPorts())
                .extracting(p -> p.getName())
                .contains("management");
        assertThat(spec(rendered.generic("Certificate", "walguard-tls")).get("dnsNames"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .contains("walguard.walguard.svc");
        // Everything else is the default render.
        for (HasMetadata object : defaults.all()) {
            assertThat(rendered.all())
                    .as("%s/%s", object.getKind(), object.getMetadata().getName())
                    .contains(object);
        }
        assertThat(Charts.notes(Map.of(), SERVICE_MONITOR))
                .contains("Metrics:         /q/metrics, scraped every 1m (ServiceMonitor walguard)");
    }

    /** Only {@code --set serviceMonitor.enabled=true}, also on a release whose values predate the block. */
    @Test
    void serviceMonitorDefaultsApplyWhenOnlyEnabledIsSet(@TempDir Path copy) throws IOException {
        copyChart(copy);
        String values = Files.readString(copy.resolve("values.yaml"));
        String withoutBlock = values.replaceFirst("(?ms)^serviceMonitor:\n.*?^\n", "");
        assertThat(withoutBlock).doesNotContain("scrapeTimeout").hasSizeLessThan(values.length());
        Files.writeString(copy.resolve("values.yaml"), withoutBlock);
        assertThat(Manifests.parse(Charts.template(copy, List.of(), Map.of())).kindsAndNames())
                .noneMatch(n -> n.startsWith("ServiceMonitor/"));

        for (Path chart : List.of(CHART, copy)) {
            Manifests rendered =
                    Manifests.parse(Charts.template(chart, List.of(), Map.of("serviceMonitor.enabled", true)));
            GenericKubernetesResource monitor = rendered.generic("ServiceMonitor", "walguard");
            assertThat(monitor.getMetadata().getLabels())
                    .containsExactlyInAnyOrderEntriesOf(rendered.get(Service.class, "walguard")
                            .getMetadata()
                            .getLabels());
            assertThat(spec(monitor).get("endpoints"))
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                    .singleElement()
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("interval", "30s")
                    .containsEntry("scrapeTimeout", "10s");
        }
        assertThat(Charts.notes(Map.of())).contains("Metrics:         /q/metrics\n");
    }

    @Test
    void exemptNamespacesAndTheReleaseNamespaceAreExcludedOnce(@TempDir Path dir) throws IOException {
        Path values = Files.writeString(
                dir.resolve("values.yaml"), "exemptNamespaces: [kube-system, walguard, monitoring]\n");
        String yaml = Charts.template(CHART, List.of(values), Map.of());
        ValidatingWebhook webhook = Manifests.parse(yaml)
                .get(ValidatingWebhookConfiguration.class, "walguard")
                .getWebhooks()
                .get(0);
        assertThat(webhook.getNamespaceSelector().getMatchExpressions().get(0).getValues())
                .containsExactly("kube-system", "walguard", "monitoring");
    }

    /** TLS 1.3 only, as the docs say to require it; and a release whose values predate tls.cipherSuites. */
    @Test
    void tlsProtocolsAndCipherSuitesReachTheContainer(@TempDir Path copy) throws IOException {
        for (Object protocols : List.of("TLSv1.3", List.of("TLSv1.3"))) {
            Path values = Files.writeString(
                    copy.resolveSibling(copy.getFileName() + "-values.yaml"),
                    new YAMLMapper().writeValueAsString(Map.of("tls", Map.of("protocols", protocols))));
            Container container = Manifests.parse(Charts.template(CHART, List.of(values), Map.of()))
                    .get(Deployment.class, "walguard")
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0);
            assertThat(env(container, "QUARKUS_TLS_WALGUARD_PROTOCOLS"))
                    .as("%s", protocols)
                    .isEqualTo("TLSv1.3");
            assertThat(env(container, "QUARKUS_TLS_WALGUARD_CIPHER_SUITES"))
                    .isEqualTo(String.join(",", Expected.CIPHER_SUITES));
        }
        assertThatThrownBy(() -> Charts.template(CHART, List.of(), Map.of("tls.protocols", "TLSv1.1")))
                .hasMessageContaining("protocols");
        assertThatThrownBy(() -> Charts.template(CHART, List.of(), Map.of("tls.cipherSuites", "{RC4}")))
                .hasMessageContaining("cipherSuites");

        copyChart(copy);
        String values = Files.readString(copy.resolve("values.yaml"));
        String withoutSuites = values.replaceFirst("(?ms)^  # -- Cipher suites.*?^\n", "\n");
        assertThat(withoutSuites).doesNotContain("TLS_AES_128_GCM_SHA256").hasSizeLessThan(values.length());
        Files.writeString(copy.resolve("values.yaml"), withoutSuites);
        Container container = Manifests.parse(Charts.template(copy, List.of(), Map.of()))
                .get(Deployment.class, "walguard")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(env(container, "QUARKUS_TLS_WALGUARD_CIPHER_SUITES"))
                .isEqualTo(String.join(",", Expected.CIPHER_SUITES));
        assertThat(env(container, "QUARKUS_TLS_WALGUARD_PROTOCOLS")).isEqualTo("TLSv1.3,TLSv1.2");
    }

    /** The chart's own class by default (also for a release whose values predate it), another one, or none. */
    @Test
    void podsGetTheChartsPriorityClassAnExistingOneOrNone(@TempDir Path copy) throws IOException {
        Manifests own = Manifests.parse(
                Charts.template(CHART, List.of(), Map.of("fullnameOverride", "wg", "priorityClass.value", 5000)));
        Expected.assertOwnPriorityClass(own.get(PriorityClass.class, "wg-critical"), 5000);
        assertThat(own.get(Deployment.class, "wg")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getPriorityClassName())
                .isEqualTo("wg-critical");
        assertThat(Charts.notes(Map.of()))
                .contains("  Priority:        PriorityClass walguard-critical (1000000, created by " + "the chart)\n")
                .doesNotContain("no PriorityClass");

        Manifests system = Manifests.parse(
                Charts.template(CHART, List.of(), Map.of("priorityClassName", "system-cluster-critical")));
        assertThat(system.all(PriorityClass.class)).isEmpty();
        assertThat(system.get(Deployment.class, "walguard")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getPriorityClassName())
                .isEqualTo("system-cluster-critical");
        assertThat(Charts.notes(Map.of("priorityClassName", "system-cluster-critical")))
                .contains("  Priority:        PriorityClass system-cluster-critical\n");

        Manifests none = Manifests.parse(Charts.template(CHART, List.of(), Map.of("priorityClass.create", false)));
        assertThat(none.all(PriorityClass.class)).isEmpty();
        assertThat(none.get(Deployment.class, "walguard")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getPriorityClassName())
                .isNull();
        assertThat(Charts.notes(Map.of("priorityClass.create", false)))
                .contains(
                        "  Priority:        none\n",
                        "no PriorityClass with failurePolicy Fail: when the cluster is full, the scheduler can preempt");
        assertThat(Charts.notes(Map.of("priorityClass.create", false, "failurePolicy", "Ignore")))
                .doesNotContain("no PriorityClass");

        assertThatThrownBy(() -> Charts.template(CHART, List.of(), Map.of("priorityClass.value", 2000000000)))
                .hasMessageContaining("value");

        copyChart(copy);
        String values = Files.readString(copy.resolve("values.yaml"));
        String withoutBlock = values.replaceFirst("(?ms)^priorityClass:\n.*?^\n", "");
        assertThat(withoutBlock).doesNotContain("value: 1000000").hasSizeLessThan(values.length());
        Files.writeString(copy.resolve("values.yaml"), withoutBlock);
        Manifests old = Manifests.parse(Charts.template(copy, List.of(), Map.of()));
        Expected.assertOwnPriorityClass(old.get(PriorityClass.class, "walguard-critical"), 1000000);
    }

    /** The webhook only from the API server, the management port only from the kubelet, helm test and Prometheus. */
    @Test
    void networkPolicyScenarioLetsOnlyTheApiServerCallTheWebhook() {
        Manifests rendered = Charts.render(NETWORK_POLICY);
        Manifests defaults = Charts.render();
        assertThat(defaults.all(NetworkPolicy.class)).as("off by default").isEmpty();
        assertThat(rendered.kindsAndNames())
                .containsExactlyInAnyOrderElementsOf(
                        Stream.concat(defaults.kindsAndNames().stream(), Stream.of("NetworkPolicy/walguard"))
                                .toList());
        NetworkPolicy policy = rendered.get(NetworkPolicy.class, "walguard");
        assertThat(policy.getMetadata().getNamespace()).isEqualTo("walguard");
        assertThat(policy.getSpec()).isEqualTo(Expected.EXAMPLE_NETWORK_POLICY);
        assertThat(rendered.unknownFields()).isEmpty();

        // It selects the walguard pods and not the helm test pod, whose ingress rule it is.
        Deployment deployment = rendered.get(Deployment.class, "walguard");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
        assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/component", "webhook");
        // The ports it opens are the pods' ports.
        assertThat(deployment
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getPorts())
                .extracting(p -> p.getContainerPort())
                .containsExactly(Expected.WEBHOOK_PORT, Expected.MANAGEMENT_PORT);
        // Everything else is the default render.
        for (HasMetadata object : defaults.all()) {
            assertThat(rendered.all())
                    .as("%s/%s", object.getKind(), object.getMetadata().getName())
                    .contains(object);
        }
        assertThat(Charts.notes(Map.of(), NETWORK_POLICY))
                .contains("  Network policy:  on: webhook (8443) from "
                        + "192.0.2.0/28 only; management (9000) from the kubelet, helm test and the monitoring pods; egress to the "
                        + "API server and DNS only\n")
                .doesNotContain("networkPolicy is disabled");
    }

    @Test
    void networkPolicyNeedsTheApiServersAddressesAndOpensMonitoringOnlyWhenAsked(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> Charts.template(CHART, List.of(), Map.of("networkPolicy.enabled", true)))
                .hasMessageContaining("networkPolicy.enabled needs networkPolicy.apiServerCIDRs")
                .hasMessageContaining("kubectl get endpoints kubernetes -n default -o wide");

        Path plain = Files.writeString(dir.resolve("plain.yaml"), """
                networkPolicy:
                  enabled: true
                  apiServerCIDRs: [10.0.0.10/32, 10.0.0.11/32]
                  apiServerPorts: [6443]
                """);
        NetworkPolicy policy = Manifests.parse(Charts.template(CHART, List.of(plain), Map.of()))
                .get(NetworkPolicy.class, "walguard");
        assertThat(policy.getSpec())
                .isEqualTo(
                        Expected.networkPolicySpec(List.of("10.0.0.10/32", "10.0.0.11/32"), List.of(6443), null, null));
        assertThat(Charts.notes(Map.of(), plain))
                .contains("  Network policy:  on: webhook (8443) from 10.0.0.10/32, "
                        + "10.0.0.11/32 only; management (9000) from the kubelet, helm test; egress")
                .doesNotContain("WARNINGS");
        assertThat(Charts.notes(Map.of("serviceMonitor.enabled", true), plain))
                .contains("the ServiceMonitor's Prometheus "
                        + "cannot reach the management port: the NetworkPolicy lets no monitoring pods in.");

        Path podsOnly = Files.writeString(dir.resolve("pods-only.yaml"), """
                networkPolicy:
                  enabled: true
                  apiServerCIDRs: [10.0.0.10/32]
                  monitoringPodSelector:
                    matchExpressions:
                      - {key: app, operator: In, values: [prometheus, vmagent]}
                """);
        LabelSelector pods = new io.fabric8.kubernetes.api.model.LabelSelectorBuilder()
                .addNewMatchExpression()
                .withKey("app")
                .withOperator("In")
                .withValues("prometheus", "vmagent")
                .endMatchExpression()
                .build();
        assertThat(Manifests.parse(Charts.template(CHART, List.of(podsOnly), Map.of()))
                        .get(NetworkPolicy.class, "walguard")
                        .getSpec())
                .isEqualTo(Expected.networkPolicySpec(List.of("10.0.0.10/32"), List.of(443, 6443), null, pods));

        assertThatThrownBy(() -> Charts.template(
                        CHART,
                        List.of(Files.writeString(
                                dir.resolve("bad.yaml"),
                                "networkPolicy: {enabled: true, apiServerCIDRs: [10.0.0.10]}\n")),
                        Map.of()))
                .hasMessageContaining("apiServerCIDRs");
        assertThatThrownBy(() -> Charts.template(
                        CHART,
                        List.of(Files.writeString(
                                dir.resolve("bad-selector.yaml"),
                                "networkPolicy: {monitoringNamespaceSelector: {name: monitoring}}\n")),
                        Map.of()))
                .hasMessageContaining("monitoringNamespaceSelector");
    }

    @Test
    void oneReplicaRendersNoDisruptionBudgetThatWouldBlockDrains() {
        Manifests rendered = Manifests.parse(Charts.template(CHART, List.of(), Map.of("replicaCount", 1)));
        assertThat(rendered.get(Deployment.class, "walguard").getSpec().getReplicas())
                .isEqualTo(1);
        assertThat(rendered.all(PodDisruptionBudget.class)).isEmpty();
    }

    @Test
    void valuesOutsideTheSchemaAreRejected() {
        assertThatThrownBy(() -> Charts.template(CHART, List.of(), Map.of("mode", "warn")))
                .hasMessageContaining("mode")
                .hasMessageContaining("enforce");
        assertThatThrownBy(() -> Charts.template(CHART, List.of(), Map.of("failurePolicy", "fail")))
                .hasMessageContaining("failurePolicy");
        assertThatThrownBy(() -> Charts.template(CHART, List.of(), Map.of("timeoutSeconds", 31)))
                .hasMessageContaining("timeoutSeconds");
        assertThatThrownBy(() -> Charts.template(CHART, List.of(), Map.of("replicas", 2)))
                .hasMessageContaining("replicas");
        assertThatThrownBy(() -> Charts.template(CHART, List.of(), Map.of("audit.enabled", "no")))
                .hasMessageContaining("audit");
        assertThatThrownBy(() -> Charts.template(CHART, List.of(), Map.of("audit.interval", "5 minutes")))
                .hasMessageContaining("interval");
        assertThatThrownBy(() -> Charts.template(CHART, List.of(), Map.of("audit.eventsPerSecond", 0)))
                .hasMessageContaining("eventsPerSecond");
        assertThatThrownBy(() -> Charts.template(CHART, List.of(), Map.of("audit.leaseNamespace", "other")))
                .hasMessageContaining("leaseNamespace");
        assertThatThrownBy(() -> Charts.template(CHART, List.of(), Map.of("serviceMonitor.interval", "30 seconds")))
                .hasMessageContaining("interval");
        assertThatThrownBy(() -> Charts.template(CHART, List.of(), Map.of("serviceMonitor.port", "metrics")))
                .hasMessageContaining("port");
    }

    @Test
    void generatedCertificatesOnFirstInstallVerifyForTheServiceAndFillCaBundle() throws Exception {
        try (FakeApiServer api = new FakeApiServer()) {
            Manifests rendered = Manifests.parse(Charts.templateAgainst(api, GENERATED));
            assertThat(api.requests()).contains("GET /api/v1/namespaces/walguard/secrets/walguard-tls");

            assertThat(rendered.all(GenericKubernetesResource.class)).isEmpty();
            Secret secret = rendered.get(Secret.class, "walguard-tls");
            assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
            assertThat(secret.getData()).containsOnlyKeys("ca.crt", "tls.crt", "tls.key");
            ValidatingWebhookConfiguration configuration =
                    rendered.get(ValidatingWebhookConfiguration.class, "walguard");
            assertThat(configuration.getMetadata().getAnnotations()).isNullOrEmpty();
            ValidatingWebhook webhook = configuration.getWebhooks().get(0);
            Expected.assertWebhook(webhook, "walguard", "walguard", Expected.RULES, Expected.EXCLUDED_NAMESPACES);
            assertThat(webhook.getClientConfig().getCaBundle())
                    .isEqualTo(secret.getData().get("ca.crt"));

            X509Certificate ca = certificate(secret.getData().get("ca.crt"));
            X509Certificate serving = certificate(secret.getData().get("tls.crt"));
            assertThat(ca.getBasicConstraints()).isNotNegative();
            serving.verify(ca.getPublicKey());
            assertThat(serving.getSubjectAlternativeNames().stream()
                            .map(san -> (Object) san.get(1))
                            .toList())
                    .containsExactly("walguard.walguard.svc", "walguard.walguard.svc.cluster.local");
            assertThat(Duration.between(
                            serving.getNotBefore().toInstant(),
                            serving.getNotAfter().toInstant()))
                    .isEqualTo(Duration.ofDays(365));
            assertThat(new String(
                            Base64.getDecoder().decode(secret.getData().get("tls.key")), StandardCharsets.US_ASCII))
                    .startsWith("-----BEGIN RSA PRIVATE KEY-----");
            Expected.assertRestrictedHttpsPod(rendered.get(Deployment.class, "walguard"), "walguard-tls");
        }
    }

    @Test
    void generatedCertificatesAreKeptAcrossUpgrades() throws IOException {
        Map<String, String> existing = new LinkedHashMap<>();
        existing.put("ca.crt", base64("-----BEGIN CERTIFICATE-----\nexisting-ca\n-----END CERTIFICATE-----\n"));
        existing.put("tls.crt", base64("-----BEGIN CERTIFICATE-----\nexisting-serving\n-----END CERTIFICATE-----\n"));
        existing.put(
                "tls.key", base64("-----BEGIN RSA PRIVATE KEY-----\nexisting-key\n-----END RSA PRIVATE KEY-----\n"));
        try (FakeApiServer api = new FakeApiServer()) {
            api.secret("walguard", "walguard-tls", existing);
            Manifests rendered = Manifests.parse(Charts.templateAgainst(api, GENERATED));
            assertThat(rendered.get(Secret.class, "walguard-tls").getData())
                    .containsExactlyInAnyOrderEntriesOf(existing);
            assertThat(rendered.get(ValidatingWebhookConfiguration.class, "walguard")
                            .getWebhooks()
                            .get(0)
                            .getClientConfig()
                            .getCaBundle())
                    .isEqualTo(existing.get("ca.crt"));
        }
    }

    /** helm-java's template leaves out hooks, so the test pod is rendered from a copy with the hook annotation renamed. */
    @Test
    void helmTestPodChecksReadinessOverVerifiedHttpsAsRestrictedNonRoot(@TempDir Path copy) throws IOException {
        Path hook = CHART.resolve("templates/tests/test-ready.yaml");
        String template = Files.readString(hook);
        assertThat(template)
                .contains(
                        "    helm.sh/hook: test\n",
                        "    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded\n");
        copyChart(copy);
        Files.writeString(
                copy.resolve("templates/tests/test-ready.yaml"),
                template.replace("helm.sh/hook", "test.walguard.dev/hook"));

        Pod pod = Manifests.parse(Charts.template(copy, List.of(), Map.of())).get(Pod.class, "walguard-test-ready");
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(100L);
        assertThat(pod.getSpec().getSecurityContext().getSeccompProfile().getType())
                .isEqualTo("RuntimeDefault");
        Container curl = pod.getSpec().getContainers().get(0);
        assertThat(curl.getImage()).isEqualTo("curlimages/curl:8.10.1");
        assertThat(curl.getCommand()).containsExactly("curl");
        assertThat(curl.getArgs())
                .containsExactly(
                        "--silent",
                        "--show-error",
                        "--fail",
                        "--retry",
                        "10",
                        "--retry-delay",
                        "3",
                        "--retry-all-errors",
                        "--max-time",
                        "5",
                        "--cacert",
                        "/ca/ca.crt",
                        "https://walguard.walguard.svc:9000/q/health/ready");
        assertThat(curl.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(curl.getSecurityContext().getRunAsUser()).isEqualTo(100L);
        assertThat(curl.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(curl.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(curl.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(curl.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getSpec().getVolumes()).singleElement().satisfies(volume -> {
            assertThat(volume.getSecret().getSecretName()).isEqualTo("walguard-tls");
            assertThat(volume.getSecret().getItems())
                    .extracting("key", "path")
                    .containsExactly(tuple("ca.crt", "ca.crt"));
        });
    }

    @Test
    void notesWarnAboutUnsafeChoices() {
        assertThat(Charts.notes(Map.of()))
                .contains(
                        "Background audit: on, full pass every 5m",
                        "Ports (HTTPS):   webhook 443 -> 8443 (/validate); management 9000 (/q/health/*, /q/metrics, /report)\n",
                        "  Network policy:  off\n")
                .endsWith("\nWARNINGS:\n" + NO_NETWORK_POLICY_WARNING);
        assertThat(Charts.notes(Map.of(), NETWORK_POLICY)).doesNotContain("WARNINGS");
        assertThat(Charts.notes(Map.of(), NO_AUDIT, NETWORK_POLICY))
                .contains("Background audit: off")
                .doesNotContain("WARNINGS");
        assertThat(Charts.notes(Map.of("replicaCount", 1)))
                .contains(
                        "replicaCount is 1 with failurePolicy Fail", "no PodDisruptionBudget with failurePolicy Fail");
        assertThat(Charts.notes(Map.of("podDisruptionBudget.enabled", false)))
                .contains("no PodDisruptionBudget with failurePolicy Fail")
                .doesNotContain("replicaCount is 1");
        assertThat(Charts.notes(Map.of("mode", "off"))).contains("mode is off: walguard allows everything");
        assertThat(Charts.notes(Map.of(), AUDIT))
                .contains(
                        "mode is audit: nothing is denied",
                        "failurePolicy is Ignore: while walguard is unreachable, marked workloads are admitted unchecked");
        assertThat(Charts.notes(Map.of("timeoutSeconds", 20))).contains("timeoutSeconds is 20");
        assertThat(Charts.notes(Map.of(), GENERATED))
                .contains(
                        "Certificates:    generated by the chart, valid 365 days",
                        "never renewed: delete that Secret and run helm upgrade");
    }

    @Test
    void everyValueIsDocumentedInValuesYamlAndTheReadme() throws IOException {
        List<String> lines = Files.readAllLines(CHART.resolve("values.yaml"));
        String topLevel = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.matches("^\\s*[a-zA-Z][a-zA-Z0-9]*:.*")) {
                continue;
            }
            if (!line.startsWith(" ")) {
                topLevel = line.substring(0, line.indexOf(':'));
            } else if (topLevel.equals("resources") || topLevel.equals("topologySpreadConstraints")) {
                continue; // the value itself, not a chart value
            }
            boolean commented = lines.get(i - 1).strip().startsWith("#");
            boolean parentOfCommented =
                    line.strip().endsWith(":") && lines.get(i + 1).strip().startsWith("#");
            assertThat(commented || parentOfCommented)
                    .as("values.yaml line %d is documented: %s", i + 1, line)
                    .isTrue();
        }
        String readme = Files.readString(CHART.resolve("README.md"));
        for (String key : List.of(
                "mode",
                "unknownStorage",
                "exceptions",
                "detect",
                "rollbackJournal",
                "exemptNamespaces",
                "storage.network",
                "storage.block",
                "storage.local",
                "audit.enabled",
                "audit.interval",
                "audit.eventsPerSecond",
                "failurePolicy",
                "timeoutSeconds",
                "extraRules",
                "certManager.enabled",
                "certManager.issuerRef",
                "certManager.duration",
                "certManager.renewBefore",
                "certManager.caDuration",
                "generatedCertificate.validityDays",
                "tls.reloadPeriod",
                "tls.protocols",
                "tls.cipherSuites",
                "clusterDomain",
                "replicaCount",
                "image.repository",
                "image.tag",
                "image.pullPolicy",
                "imagePullSecrets",
                "nameOverride",
                "fullnameOverride",
                "serviceAccount.create",
                "serviceAccount.name",
                "serviceAccount.annotations",
                "resources",
                "nodeSelector",
                "tolerations",
                "affinity",
                "topologySpreadConstraints",
                "priorityClass.create",
                "priorityClass.value",
                "priorityClassName",
                "podDisruptionBudget.enabled",
                "podDisruptionBudget.minAvailable",
                "preStopSleepSeconds",
                "podAnnotations",
                "podLabels",
                "extraEnv",
                "networkPolicy.enabled",
                "networkPolicy.apiServerCIDRs",
                "networkPolicy.apiServerPorts",
                "networkPolicy.monitoringNamespaceSelector",
                "networkPolicy.monitoringPodSelector",
                "test.image.repository",
                "test.image.tag",
                "test.image.pullPolicy")) {
            assertThat(readme).as("README documents %s", key).contains("| `" + key + "` |");
        }
    }

    private static List<org.assertj.core.groups.Tuple> walguardEnv(Container container) {
        return container.getEnv().stream()
                .filter(e -> e.getName().startsWith("WALGUARD_"))
                .map(e -> tuple(e.getName(), e.getValue()))
                .toList();
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .findFirst()
                .map(e -> e.getValue())
                .orElseThrow(() -> new AssertionError("no env " + name));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }

    private static X509Certificate certificate(String base64Pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(
                        new ByteArrayInputStream(Base64.getDecoder().decode(base64Pem)));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static void copyChart(Path target) throws IOException {
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path source : files.toList()) {
                Path destination = target.resolve(CHART.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(source, destination);
                }
            }
        }
    }
}
