package dev.walguard.deploy;

import static dev.walguard.deploy.Charts.DEPLOY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** deploy/: what {@code kubectl apply -f deploy/} installs, and that it is the chart's default render. */
class DeployManifestsTest {

    private static final List<String> FILES = List.of(
            "00-namespace.yaml",
            "05-priorityclass.yaml",
            "10-serviceaccount.yaml",
            "20-rbac.yaml",
            "30-deployment.yaml",
            "35-pdb.yaml",
            "40-service.yaml",
            "50-certificate.yaml",
            "60-validatingwebhookconfiguration.yaml");

    private static Manifests deploy;
    private static Manifests chart;

    @BeforeAll
    static void load() {
        deploy = Manifests.read(FILES.stream().map(DEPLOY::resolve).toArray(Path[]::new));
        chart = Charts.render();
    }

    /** Optional: {@code kubectl apply -f deploy/} skips it (kubectl reads .yaml, .yml and .json from a directory). */
    private static final String NETWORK_POLICY_EXAMPLE = "70-networkpolicy.yaml.example";

    /** Optional too, applied on its own (NodeAgentChartTest checks it). */
    private static final String NODE_AGENT = "80-node-agent.yaml.optional";

    @Test
    void filesAreNumberedInApplyOrder() throws IOException {
        try (Stream<Path> files = Files.list(DEPLOY)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactlyElementsOf(
                            Stream.concat(FILES.stream(), Stream.of(NETWORK_POLICY_EXAMPLE, NODE_AGENT))
                                    .sorted()
                                    .toList());
        }
        assertThat(List.of(NETWORK_POLICY_EXAMPLE, NODE_AGENT))
                .as("not applied by kubectl apply -f deploy/")
                .allSatisfy(name -> assertThat(name)
                        .doesNotEndWith(".yaml")
                        .doesNotEndWith(".yml")
                        .doesNotEndWith(".json"));
        assertThat(deploy.kindsAndNames())
                .containsExactly(
                        "Namespace/walguard",
                        "PriorityClass/walguard-critical",
                        "ServiceAccount/walguard",
                        "ClusterRole/walguard",
                        "ClusterRoleBinding/walguard",
                        "ClusterRole/walguard-audit",
                        "ClusterRoleBinding/walguard-audit",
                        "Role/walguard-audit-lease",
                        "RoleBinding/walguard-audit-lease",
                        "Deployment/walguard",
                        "PodDisruptionBudget/walguard",
                        "Service/walguard",
                        "Issuer/walguard-selfsigned",
                        "Certificate/walguard-ca",
                        "Issuer/walguard-ca",
                        "Certificate/walguard-tls",
                        "ValidatingWebhookConfiguration/walguard");
        assertThat(deploy.unknownFields()).isEmpty();
    }

    @Test
    void namespaceEnforcesRestrictedPodSecurity() {
        assertThat(deploy.get(Namespace.class, "walguard").getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
                .containsEntry("pod-security.kubernetes.io/warn", "restricted")
                .containsEntry("pod-security.kubernetes.io/audit", "restricted");
    }

    @Test
    void webhookIsRegisteredSafely() {
        ValidatingWebhookConfiguration configuration = deploy.get(ValidatingWebhookConfiguration.class, "walguard");
        assertThat(configuration.getMetadata().getAnnotations())
                .containsExactlyEntriesOf(Map.of("cert-manager.io/inject-ca-from", "walguard/walguard-tls"));
        assertThat(configuration.getWebhooks()).singleElement().satisfies(webhook -> {
            Expected.assertWebhook(webhook, "walguard", "walguard", Expected.RULES, Expected.EXCLUDED_NAMESPACES);
            assertThat(webhook.getFailurePolicy()).isEqualTo("Fail");
            assertThat(webhook.getTimeoutSeconds()).isEqualTo(5);
        });
        GenericKubernetesResource serving = deploy.generic("Certificate", "walguard-tls");
        assertThat(serving.getMetadata().getNamespace()).isEqualTo("walguard");
        assertThat(serving.getAdditionalProperties().get("spec"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("secretName", "walguard-tls")
                .containsEntry("dnsNames", List.of("walguard.walguard.svc", "walguard.walguard.svc.cluster.local"));
    }

    @Test
    void rbacIsReadOnlyOnExactlyTheCachedKinds() {
        assertThat(deploy.get(ClusterRole.class, "walguard").getRules())
                .containsExactlyElementsOf(Expected.CLUSTER_ROLE_RULES);
        ClusterRoleBinding binding = deploy.get(ClusterRoleBinding.class, "walguard");
        assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(binding.getRoleRef().getName()).isEqualTo("walguard");
        assertThat(binding.getSubjects())
                .extracting("kind", "name", "namespace")
                .containsExactly(tuple("ServiceAccount", "walguard", "walguard"));
    }

    /** docs/rbac.md, "The background audit": exactly those rules, the Lease only in walguard's namespace. */
    @Test
    void auditRbacIsExactlyWhatTheBackgroundAuditNeeds() throws IOException {
        Expected.assertAuditRbac(deploy, "walguard", "walguard", "walguard");
        assertThat(deploy.all(ClusterRole.class))
                .extracting(o -> o.getMetadata().getName())
                .containsExactly("walguard", "walguard-audit");
        // Every audit rule in 20-rbac.yaml says why it is there, in a comment right above it.
        List<String> audit = Files.readAllLines(DEPLOY.resolve("20-rbac.yaml")).stream()
                .dropWhile(l -> !l.equals("  name: walguard-audit"))
                .toList();
        assertThat(audit)
                .filteredOn(l -> l.strip().startsWith("- apiGroups:"))
                .hasSize(Expected.AUDIT_CLUSTER_ROLE_RULES.size() + Expected.AUDIT_LEASE_RULES.size());
        for (int i = 0; i < audit.size(); i++) {
            if (audit.get(i).strip().startsWith("- apiGroups:")) {
                assertThat(audit.get(i - 1).strip())
                        .as("comment above %s", audit.get(i))
                        .startsWith("#");
            }
        }
    }

    @Test
    void deploymentRunsTheBackgroundAuditWithItsLeaseInItsOwnNamespace() {
        var container = deploy.get(Deployment.class, "walguard")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        Expected.assertAuditEnv(container, "5m", "10");
    }

    @Test
    void deploymentIsHighlyAvailableRestrictedAndHttpsOnly() {
        Deployment deployment = deploy.get(Deployment.class, "walguard");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        Expected.assertRestrictedHttpsPod(deployment, "walguard-tls");
        Expected.assertSpreadOverNodes(deployment);
        PodDisruptionBudget pdb = deploy.get(PodDisruptionBudget.class, "walguard");
        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(pdb.getSpec().getSelector().getMatchLabels())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        Expected.assertServicePorts(deploy.get(Service.class, "walguard"));
        // Pods that failurePolicy Fail depends on are not preempted by ordinary workloads.
        assertThat(deployment.getSpec().getTemplate().getSpec().getPriorityClassName())
                .isEqualTo("walguard-critical");
        Expected.assertOwnPriorityClass(deploy.get(PriorityClass.class, "walguard-critical"), 1000000);
    }

    /** Every object of deploy/ but the Namespace is the chart's default render, apart from Helm's labels. */
    @Test
    void deployIsTheChartsDefaultRender() {
        List<HasMetadata> deployed =
                deploy.all().stream().filter(o -> !(o instanceof Namespace)).toList();
        assertThat(chart.kindsAndNames())
                .containsExactlyInAnyOrderElementsOf(deployed.stream()
                        .map(o -> o.getKind() + "/" + o.getMetadata().getName())
                        .toList());
        for (HasMetadata object : deployed) {
            HasMetadata rendered = chart.all().stream()
                    .filter(o -> o.getKind().equals(object.getKind())
                            && o.getMetadata()
                                    .getName()
                                    .equals(object.getMetadata().getName()))
                    .findFirst()
                    .orElseThrow();
            assertThat(withoutLabels(rendered))
                    .as("%s/%s", object.getKind(), object.getMetadata().getName())
                    .isEqualTo(withoutLabels(object));
        }
    }

    /** The optional NetworkPolicy is the chart's render with ci/network-policy-values.yaml, the documented example. */
    @Test
    void networkPolicyExampleIsTheChartsRenderWithTheExampleValues() throws IOException {
        Manifests example = Manifests.read(DEPLOY.resolve(NETWORK_POLICY_EXAMPLE));
        assertThat(example.kindsAndNames()).containsExactly("NetworkPolicy/walguard");
        assertThat(example.unknownFields()).isEmpty();
        NetworkPolicy policy = example.get(NetworkPolicy.class, "walguard");
        assertThat(policy.getSpec()).isEqualTo(Expected.EXAMPLE_NETWORK_POLICY);
        NetworkPolicy rendered =
                Charts.render(Charts.CI.resolve("network-policy-values.yaml")).get(NetworkPolicy.class, "walguard");
        assertThat(withoutLabels(policy)).isEqualTo(withoutLabels(rendered));
        // It selects the pods of 30-deployment.yaml.
        assertThat(deploy.get(Deployment.class, "walguard")
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getLabels())
                .containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
        // Its header says it is optional and how to find the addresses.
        assertThat(Files.readString(DEPLOY.resolve(NETWORK_POLICY_EXAMPLE)))
                .contains(
                        "not applied by `kubectl apply -f deploy/`",
                        "kubectl get endpoints kubernetes -n default -o wide");
    }

    @Test
    void dockerfileBuildsLikeTheReadmeAndRunsTheFastJarAsNonRoot() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("Dockerfile")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .toList();
        assertThat(lines)
                .filteredOn(l -> l.startsWith("FROM "))
                .containsExactly("FROM eclipse-temurin:17-jdk AS build", "FROM eclipse-temurin:17-jre");
        assertThat(lines).contains("RUN --mount=type=cache,target=/root/.m2 ./mvnw -B package -DskipTests");
        assertThat(lines)
                .filteredOn(l -> l.startsWith("COPY --from=build"))
                .containsExactly(
                        "COPY --from=build /build/target/quarkus-app/lib/ /deployments/lib/",
                        "COPY --from=build /build/target/quarkus-app/*.jar /deployments/",
                        "COPY --from=build /build/target/quarkus-app/app/ /deployments/app/",
                        "COPY --from=build /build/target/quarkus-app/quarkus/ /deployments/quarkus/");
        assertThat(lines).filteredOn(l -> l.startsWith("USER ")).containsExactly("USER 10001:10001");
        assertThat(lines.get(lines.size() - 1))
                .isEqualTo("ENTRYPOINT [\"java\", \"-XX:MaxRAMPercentage=75.0\", "
                        + "\"-XX:+ExitOnOutOfMemoryError\", \"-Djdk.tls.rejectClientInitiatedRenegotiation=true\", "
                        + "\"-Djava.util.logging.manager=org.jboss.logmanager.LogManager\", \"-jar\", "
                        + "\"/deployments/quarkus-run.jar\"]");
        assertThat(lines).contains("EXPOSE 8443 8080 9000");
        // The UID the image runs as is the one the manifests require.
        assertThat(Expected.POD_SECURITY.getRunAsUser()).isEqualTo(10001L);
        assertThat(Files.readAllLines(Path.of(".dockerignore")).stream().filter(l -> !l.startsWith("#")))
                .containsExactly("*", "!mvnw", "!.mvn", "!pom.xml", "!src", "src/test");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutLabels(HasMetadata object) {
        Map<String, Object> map = new HashMap<>(Manifests.asMap(object));
        Map<String, Object> metadata = new HashMap<>((Map<String, Object>) map.get("metadata"));
        metadata.remove("labels");
        map.put("metadata", metadata);
        if (object instanceof Deployment) {
            Map<String, Object> spec = new HashMap<>((Map<String, Object>) map.get("spec"));
            Map<String, Object> template = new HashMap<>((Map<String, Object>) spec.get("template"));
            Map<String, Object> templateMetadata = new HashMap<>((Map<String, Object>) template.get("metadata"));
            templateMetadata.remove("labels");
            template.put("metadata", templateMetadata);
            spec.put("template", template);
            map.put("spec", spec);
        }
        return map;
    }
}
