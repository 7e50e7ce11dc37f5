package dev.walguard.audit;

import java.util.List;

/**
 * The body of {@code GET /report}.
 *
 * @param enabled    false when {@code walguard.audit.enabled=false}
 * @param lastPass   when the last evaluation finished (ISO-8601), or null before the first one (live view not
 *                   synced yet)
 * @param workloads  every marked workload in a namespace whose mode is enforce or audit, by namespace, kind, name
 */
public record AuditReport(boolean enabled, String lastPass, List<WorkloadResult> workloads) {}
