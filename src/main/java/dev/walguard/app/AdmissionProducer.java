package dev.walguard.app;

import dev.walguard.admission.AdmissionExecutor;
import dev.walguard.http.HttpLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The admission pool and the webhook port's limits, from configuration. */
@ApplicationScoped
public class AdmissionProducer {

    @Produces
    @Singleton
    AdmissionExecutor admissionExecutor(WalguardConfig config) {
        WalguardConfig.Admission a = config.admission();
        return new AdmissionExecutor(a.threads().orElse(AdmissionExecutor.defaultThreads()), a.queue());
    }

    void close(@Disposes AdmissionExecutor executor) {
        executor.close();
    }

    @Produces
    @Singleton
    HttpLimits httpLimits(WalguardConfig config) {
        return new HttpLimits(
                config.http().inFlightBodyBudget().asLongValue(), config.http().bodyReadDeadline());
    }
}
