package dev.walguard.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once the cluster view can answer: the offline view once loaded, the live one once synced. */
@Readiness
@ApplicationScoped
public class ClusterViewReadiness implements HealthCheck {

    @Inject
    ClusterView view;

    @Override
    public HealthCheckResponse call() {
        boolean synced = !(view instanceof SyncAware s) || s.synced();
        return HealthCheckResponse.named("cluster-view").status(synced).build();
    }
}
