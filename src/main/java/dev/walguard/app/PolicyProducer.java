package dev.walguard.app;

import dev.walguard.admission.AdmissionMetrics;
import dev.walguard.admission.AdmissionReviewHandler;
import dev.walguard.audit.AuditSettings;
import dev.walguard.policy.AdmissionPolicy;
import dev.walguard.policy.ClusterView;
import dev.walguard.policy.PolicySettings;
import dev.walguard.policy.StoragePatterns;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.List;

/** Builds the pure policy and the audit's settings from configuration, and the admission handler around them. */
@ApplicationScoped
public class PolicyProducer {

    @Produces
    @Singleton
    PolicySettings settings(WalguardConfig config) {
        WalguardConfig.Storage s = config.storage();
        return new PolicySettings(
                config.mode(),
                new HashSet<>(config.exemptNamespaces()),
                config.unknownStorage(),
                StoragePatterns.of(
                        s.network().orElse(List.of()),
                        s.block().orElse(List.of()),
                        s.local().orElse(List.of())),
                config.detect(),
                config.rollbackJournal(),
                config.exceptions());
    }

    @Produces
    @Singleton
    AuditSettings auditSettings(WalguardConfig config) {
        WalguardConfig.Audit a = config.audit();
        return new AuditSettings(a.enabled(), a.interval(), a.debounce(), a.leaseNamespace(), a.eventsPerSecond());
    }

    @Produces
    @Singleton
    AdmissionPolicy admissionPolicy(PolicySettings settings) {
        return new AdmissionPolicy(settings);
    }

    @Produces
    @Singleton
    AdmissionMetrics admissionMetrics(MeterRegistry registry) {
        return new AdmissionMetrics(registry);
    }

    @Produces
    @Singleton
    AdmissionReviewHandler admissionReviewHandler(AdmissionPolicy policy, ClusterView view, AdmissionMetrics metrics) {
        return new AdmissionReviewHandler(policy, view, metrics);
    }
}
