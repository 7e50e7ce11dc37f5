package dev.walguard.audit;

import java.time.Duration;
import java.util.Optional;

/**
 * The background audit's settings (from {@code walguard.audit.*}).
 *
 * @param enabled         off: no background evaluation, no workload informers, no reports, Events or leader election
 * @param interval        the full pass that catches anything the change events missed
 * @param debounce        how often changed namespaces are re-evaluated (changes within it are coalesced)
 * @param leaseNamespace  namespace of the {@code walguard-audit} Lease; empty: POD_NAMESPACE, else the client's
 * @param eventsPerSecond most Kubernetes Events written per second, all workloads together
 */
public record AuditSettings(
        boolean enabled, Duration interval, Duration debounce, Optional<String> leaseNamespace, int eventsPerSecond) {}
