package dev.walguard.audit;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/** A fabric8 CRUD mock API server for plain JUnit tests, independent clients to it, and the PolicyReport CRD. */
final class MockServers {

    private MockServers() {}

    static KubernetesMockServer crud() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(
                new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        return server;
    }

    /** A client of its own (its own connection pool), as a second replica would have. */
    static KubernetesClient client(KubernetesMockServer server) {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl("http://127.0.0.1:" + server.getPort())
                .withNamespace("walguard")
                .withRequestRetryBackoffLimit(0)
                .withHttp2Disable(true)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** The wg-policy PolicyReport CRD, serving v1alpha2, as Kyverno or policy-reporter install it. */
    static CustomResourceDefinition policyReportCrd() {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName("policyreports.wgpolicyk8s.io")
                .endMetadata()
                .withNewSpec()
                .withGroup("wgpolicyk8s.io")
                .withScope("Namespaced")
                .withNewNames()
                .withKind("PolicyReport")
                .withListKind("PolicyReportList")
                .withPlural("policyreports")
                .withSingular("policyreport")
                .endNames()
                .addNewVersion()
                .withName("v1alpha2")
                .withServed(true)
                .withStorage(true)
                .endVersion()
                .endSpec()
                .build();
    }

    /** The OpenReports Report CRD, serving v1alpha1. */
    static CustomResourceDefinition openReportCrd() {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName("reports.openreports.io")
                .endMetadata()
                .withNewSpec()
                .withGroup("openreports.io")
                .withScope("Namespaced")
                .withNewNames()
                .withKind("Report")
                .withListKind("ReportList")
                .withPlural("reports")
                .withSingular("report")
                .endNames()
                .addNewVersion()
                .withName("v1alpha1")
                .withServed(true)
                .withStorage(true)
                .endVersion()
                .endSpec()
                .build();
    }

    /** The namespace's PolicyReport "walguard", or null. */
    static GenericKubernetesResource policyReport(KubernetesClient c, String namespace) {
        return c.genericKubernetesResources(ReportKind.POLICY_REPORT.context())
                .inNamespace(namespace)
                .withName("walguard")
                .get();
    }

    /** {@code result rule Kind/name} per result of a report. */
    @SuppressWarnings("unchecked")
    static List<String> results(GenericKubernetesResource report) {
        List<Map<String, Object>> results = report.get("results");
        return results.stream()
                .map(r -> {
                    Map<String, Object> res = ((List<Map<String, Object>>) r.get("resources")).get(0);
                    return r.get("result") + " " + r.get("rule") + " " + res.get("kind") + "/" + res.get("name");
                })
                .toList();
    }
}
