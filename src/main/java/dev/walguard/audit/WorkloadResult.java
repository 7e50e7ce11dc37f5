package dev.walguard.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The current findings of one marked (or detected) workload, as {@code GET /report} shows them. Plain strings only, so the HTTP
 * layer needs neither the policy nor the cluster package.
 *
 * @param mode     the mode of its namespace: enforce or audit (workloads in mode off are not reported)
 * @param detected the apps an unmarked workload was detected as running ({@code Sonarr}), null for a marked one
 * @param findings empty for a workload without findings
 */
public record WorkloadResult(
        String namespace,
        String kind,
        String apiVersion,
        String name,
        String uid,
        String mode,
        @JsonInclude(JsonInclude.Include.NON_NULL) String detected,
        List<FindingResult> findings) {

    public WorkloadResult {
        findings = List.copyOf(findings);
    }

    /** A marked workload, or one known only from a pod's owner chain: not detected. */
    public WorkloadResult(
            String namespace,
            String kind,
            String apiVersion,
            String name,
            String uid,
            String mode,
            List<FindingResult> findings) {
        this(namespace, kind, apiVersion, name, uid, mode, null, findings);
    }

    /** {@code namespace/Kind/name}, the key events and metrics use. */
    public String key() {
        return key(namespace, kind, name);
    }

    /** The {@link #key()} of the workload with these coordinates. */
    public static String key(String namespace, String kind, String name) {
        return namespace + "/" + kind + "/" + name;
    }

    /**
     * One finding.
     *
     * @param severity     violation or warning, as its rule judged it (also when ignored)
     * @param message      {@code <ID> <reason> Fix: <fix>}
     * @param ignoreReason the workload's {@code walguard.dev/ignore-reason} when it ignores this finding, else null
     */
    public record FindingResult(
            String rule,
            String ruleName,
            String severity,
            String message,
            String volume,
            String claim,
            String storageClass,
            String driver,
            List<String> containers,
            @JsonInclude(JsonInclude.Include.NON_NULL) String ignoreReason) {

        /** A finding in effect. */
        public FindingResult(
                String rule,
                String ruleName,
                String severity,
                String message,
                String volume,
                String claim,
                String storageClass,
                String driver,
                List<String> containers) {
            this(rule, ruleName, severity, message, volume, claim, storageClass, driver, containers, null);
        }

        /** Set aside by {@code walguard.dev/ignore}: reported as skipped, no Event. */
        public boolean ignored() {
            return ignoreReason != null;
        }
    }
}
