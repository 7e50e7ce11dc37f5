package dev.walguard.config;

import dev.walguard.policy.AdmissionPolicy;
import dev.walguard.policy.PolicySettings;
import dev.walguard.policy.StoragePatterns;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.List;

/** Builds the pure policy from configuration. */
@ApplicationScoped
public class PolicyProducer {

    @Produces
    @Singleton
    PolicySettings settings(WalguardConfig config) {
        WalguardConfig.Storage s = config.storage();
        return new PolicySettings(config.mode(), new HashSet<>(config.exemptNamespaces()), config.unknownStorage(),
                StoragePatterns.of(s.network().orElse(List.of()), s.block().orElse(List.of()),
                        s.local().orElse(List.of())));
    }

    @Produces
    @Singleton
    AdmissionPolicy admissionPolicy(PolicySettings settings) {
        return new AdmissionPolicy(settings);
    }
}
