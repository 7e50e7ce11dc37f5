package dev.walguard.app;

import dev.walguard.cluster.ClusterSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only once the cluster view can answer: the offline view once loaded, the live one once synced. A live view
 * stays ready through API server outages (it answers from its caches); the data says whether the server is reachable.
 */
@Readiness
@ApplicationScoped
public class ClusterViewReadiness implements HealthCheck {

    @Inject
    ClusterSource source;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("cluster-view").status(source.synced());
        if (source.live()) {
            response.withData("source", "live")
                    .withData("api-server", source.reachable() ? "reachable" : "unreachable");
        }
        return response.build();
    }
}
