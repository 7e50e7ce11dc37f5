package dev.walguard.audit;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;

/**
 * A report kind walguard writes: its CRD name, and how to address it without discovery (the CRD is looked up once,
 * by {@link ReportWriter}, only to know whether it is installed).
 */
record ReportKind(String crd, String apiVersion, ResourceDefinitionContext context) {

    static final ReportKind POLICY_REPORT = of("wgpolicyk8s.io", "v1alpha2", "PolicyReport", "policyreports");
    static final ReportKind OPEN_REPORT = of("openreports.io", "v1alpha1", "Report", "reports");
    /** In the order they are written. */
    static final List<ReportKind> ALL = List.of(POLICY_REPORT, OPEN_REPORT);

    private static ReportKind of(String group, String version, String kind, String plural) {
        return new ReportKind(
                plural + "." + group,
                group + "/" + version,
                new ResourceDefinitionContext.Builder()
                        .withGroup(group)
                        .withVersion(version)
                        .withKind(kind)
                        .withPlural(plural)
                        .withNamespaced(true)
                        .build());
    }

    String kind() {
        return context.getKind();
    }
}
